import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { useTestApp } from '../helpers/app.js';
import { createContact, createField, download, runExport, tag } from './helpers.js';

const t = useTestApp();

describe('xlsx export', () => {
  let contact: { id: number };

  before(async () => {
    await createField(t, { alias: 'score', label: 'Score', type: 'number' });
    await createField(t, { alias: 'vip', label: 'VIP', type: 'boolean' });
    await createField(t, { alias: 'renewal', label: 'Renewal', type: 'datetime' });
    await createField(t, { alias: 'interests', label: 'Interests', type: 'multiselect', options: ['golf', 'chess', 'tea'] });
    contact = await createContact(t, {
      firstname: '=1+1', lastname: 'Nowak, "Jr."', email: 'anna@example.com', birthday: '1990-07-14', points: 42,
      score: 3.25, vip: true, renewal: '2025-03-01T10:30:00Z', interests: ['golf', 'tea'], company: 'Ünïcode ✓\nnext line',
    });
    await createContact(t, { email: 'bare@example.com' });
    await tag(t, contact.id, ['b', 'a']);
  });

  it('writes a real workbook with typed numbers, booleans and dates, and strings that are never formulas', async () => {
    const job = await runExport(t, { format: 'xlsx' });
    assert.match(job.result.filename, /^contacts-\d{8}-\d{6}\.xlsx$/);
    const res = await download(t, job);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(res.headers['content-disposition']), /filename="contacts-\d{8}-\d{6}\.xlsx"/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Contacts')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.equal(header[0], 'id');
    assert.deepEqual(header.slice(-3), ['tags', 'ownerusername', 'status_name']);
    assert.equal(sheet.rowCount, 3);
    const cell = (name: string, row = 2) => sheet.getRow(row).getCell(header.indexOf(name) + 1);

    assert.equal(cell('id').value, contact.id);
    assert.equal(cell('firstname').type, ExcelJS.ValueType.String);
    assert.equal(cell('firstname').value, '=1+1', 'kept as the text it is, not a formula');
    assert.equal(cell('lastname').value, 'Nowak, "Jr."');
    assert.equal(cell('company').value, 'Ünïcode ✓\nnext line');
    assert.equal(cell('points').value, 42);
    assert.equal(cell('score').value, 3.25);
    assert.equal(cell('vip').value, true);
    assert.equal(cell('birthday').type, ExcelJS.ValueType.Date);
    assert.equal((cell('birthday').value as Date).toISOString(), '1990-07-14T00:00:00.000Z');
    assert.equal(cell('birthday').numFmt, 'yyyy-mm-dd');
    assert.equal((cell('renewal').value as Date).toISOString(), '2025-03-01T10:30:00.000Z');
    assert.equal(cell('interests').value, 'golf|tea');
    assert.equal(cell('tags').value, 'a|b');
    assert.equal(cell('email', 3).value, 'bare@example.com');
    assert.equal(cell('points', 3).value, 0);
    assert.equal(cell('birthday', 3).value, null, 'an empty value is an empty cell');
  });
});
