import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useTestApp } from '../helpers/app.js';
import { csvFile, importCsv, multipart, postImport, waitForJob } from './helpers.js';

const t = useTestApp();
const FILE = 'email,firstname\nann@example.com,Ann\n';

function contact(email: string) {
  return t.db.selectFrom('contacts').selectAll().where('email_normalized', '=', email).executeTakeFirst();
}

describe('the imports API', () => {
  it('answers 202 with the job and its Location, and the job\'s result links the report', async () => {
    const res = await postImport(t, { file: csvFile(FILE, 'people.csv') });
    assert.equal(res.statusCode, 202, res.body);
    const { job } = res.json();
    assert.equal(job.kind, 'import');
    assert.equal(res.headers.location, `/api/v1/jobs/${job.id}`);
    const done = await waitForJob(t, job.id);
    assert.equal(done.state, 'succeeded', done.error);
    assert.deepEqual(done.result, { inserted: 1, updated: 0, skipped: 0, failed: 0, report_url: `/api/v1/imports/${job.id}/report` });
    assert.deepEqual({ done: done.progress.done, total: done.progress.total, inserted: done.progress.inserted }, { done: 1, total: 1, inserted: 1 });
    const uploads = path.join(t.ctx.config.dataDir, 'jobs', 'uploads');
    assert.deepEqual(fs.readdirSync(uploads), [], 'the upload is deleted once imported');
  });

  it('previews a file: encoding, delimiter, headers, the first 5 rows and a suggested mapping', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `p${i}@example.com;P${i};Boss;a|b;x;Acme`).join('\n');
    const res = await postImport(t, { file: csvFile(`E-mail;First Name;Job Title;Tags;Shoe size;company\n${rows}\n`) }, undefined, '/api/v1/imports/preview');
    assert.equal(res.statusCode, 200, res.body);
    const { preview } = res.json();
    assert.equal(preview.delimiter, ';');
    assert.equal(preview.encoding, 'utf-8');
    assert.equal(preview.rows.length, 5);
    assert.deepEqual(preview.rows[0], ['p0@example.com', 'P0', 'Boss', 'a|b', 'x', 'Acme']);
    assert.deepEqual(preview.mapping, { 'E-mail': 'email', 'First Name': 'firstname', 'Job Title': 'position', Tags: 'tags', 'Shoe size': null, company: 'company' });
    assert.equal(await contact('p0@example.com'), undefined, 'a preview imports nothing');
    assert.deepEqual(fs.readdirSync(path.join(t.ctx.config.dataDir, 'jobs', 'uploads')), [], 'nor keeps the file');
  });

  it('uses the mapping given, leaves out columns mapped to null, and creates the custom fields asked for', async () => {
    const job = await importCsv(t, 'Mail,Name,Shoe size,Notes\nfit@example.com,Fitz,44,ignore me\n', {
      mapping: JSON.stringify({ Mail: 'email', Name: 'lastname', Notes: null }),
      create_fields: JSON.stringify([{ header: 'Shoe size', label: 'Shoe size', type: 'number' }]),
    });
    assert.equal(job.result.inserted, 1);
    const field = (await t.request({ method: 'GET', url: '/api/v1/fields/shoe_size' })).json().field;
    assert.equal(field.type, 'number');
    const row = await contact('fit@example.com');
    assert.equal(row?.lastname, 'Fitz');
    assert.equal(row?.firstname, null);
    assert.equal(row?.custom.shoe_size, 44);
    assert.equal([...Object.values(row!), ...Object.values(row!.custom)].includes('ignore me'), false);
  });

  it('answers 400 naming the option for every bad option, and keeps no file', async () => {
    const cases: [Record<string, string | { filename: string; content: string | Buffer }>, string][] = [
      [{}, 'file'],
      [{ file: csvFile('') }, 'file'],
      [{ file: csvFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])) }, 'file'],
      [{ file: csvFile(Buffer.from('PK\u0003\u0004 some zip bytes')) }, 'file'],
      [{ file: csvFile('email,email\na@b.co,c@d.co\n') }, 'file'],
      [{ file: csvFile(FILE), delimiter: ';;' }, 'delimiter'],
      [{ file: csvFile(FILE), delimiter: 'x' }, 'delimiter'],
      [{ file: csvFile(FILE), enclosure: '""' }, 'enclosure'],
      [{ file: csvFile(FILE), escape: 'ab' }, 'escape'],
      [{ file: csvFile(FILE), encoding: 'klingon' }, 'encoding'],
      [{ file: csvFile(FILE), mapping: '{not json' }, 'mapping'],
      [{ file: csvFile(FILE), mapping: '["email"]' }, 'mapping'],
      [{ file: csvFile(FILE), mapping: JSON.stringify({ email: 'no_such_field' }) }, 'mapping'],
      [{ file: csvFile(FILE), mapping: JSON.stringify({ 'Not a header': 'email' }) }, 'mapping'],
      [{ file: csvFile(FILE), mapping: JSON.stringify({ email: 'email', firstname: 'email' }) }, 'mapping'],
      [{ file: csvFile(FILE), mapping: JSON.stringify({ firstname: 'stage' }) }, 'mapping'],
      [{ file: csvFile(FILE), create_fields: JSON.stringify([{ header: 'firstname', label: 'X', type: 'hologram' }]) }, 'create_fields'],
      [{ file: csvFile(FILE), create_fields: JSON.stringify([{ header: 'nope', label: 'X', type: 'text' }]) }, 'create_fields'],
      [{ file: csvFile(FILE), defaults: JSON.stringify({ owner_id: 999999 }) }, 'defaults'],
      [{ file: csvFile(FILE), defaults: JSON.stringify({ status_id: 'one' }) }, 'defaults'],
      [{ file: csvFile(FILE), defaults: JSON.stringify({ segment: 1 }) }, 'defaults'],
      [{ file: csvFile(FILE), on_match: 'maybe' }, 'on_match'],
      [{ file: csvFile(FILE), overwrite_blank: 'perhaps' }, 'overwrite_blank'],
      [{ file: csvFile(FILE), colour: 'blue' }, 'colour'],
      [{ upload: csvFile(FILE) }, 'upload'],
    ];
    for (const [parts, field] of cases) {
      const res = await postImport(t, parts);
      assert.equal(res.statusCode, 400, `${JSON.stringify(Object.keys(parts))} ${field}: ${res.body}`);
      assert.ok(res.json().error.fields?.[field], `names ${field}: ${res.body}`);
    }
    const json = await t.request({ method: 'POST', url: '/api/v1/imports', payload: { file: 'contacts.csv' } });
    assert.equal(json.statusCode, 400);
    assert.ok(json.json().error.fields.file);
    assert.deepEqual(fs.readdirSync(path.join(t.ctx.config.dataDir, 'jobs', 'uploads')), [], 'refused uploads are deleted');
    assert.equal(await contact('ann@example.com').then((c) => c?.firstname), 'Ann', 'nothing else was imported');
    const fields = await t.db.selectFrom('fields').select('alias').where('label', '=', 'X').execute();
    assert.deepEqual(fields, [], 'no field is created when the request is refused');
  });

  it('lets only admins create fields from an import', async () => {
    const user = await t.user('user');
    const res = await postImport(t, { file: csvFile('email,Colour\nc@example.com,red\n'), create_fields: JSON.stringify([{ header: 'Colour', label: 'Colour', type: 'text' }]) }, user);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/fields/colour' })).statusCode, 404);
  });

  it('needs sign-in', async () => {
    const body = multipart({ file: csvFile(FILE) });
    const res = await t.request({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: body.headers, as: null });
    assert.equal(res.statusCode, 401);
  });

  it('downloads the report of failed rows: line, reason and the original values, as CSV', async () => {
    const job = await importCsv(t, 'email,firstname,birthday\ngood@example.com,Good,1990-01-01\nbad-email,"Bad, ""quoted""",1990-01-01\nbad-date@example.com,Date,1990-13-45\n');
    assert.equal(job.result.failed, 2);
    assert.equal(job.progress.failed, 2);
    const res = await t.request({ method: 'GET', url: job.result.report_url });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="import-\d+-failed-rows\.csv"/);
    assert.deepEqual(parse(res.body, { bom: true }), [
      ['line', 'reason', 'email', 'firstname', 'birthday'],
      ['3', 'email: must be a valid email address', 'bad-email', 'Bad, "quoted"', '1990-01-01'],
      ['4', 'birthday: must be a date such as 2024-03-31, 31.03.2024, 03/31/2024 or 31 March 2024', 'bad-date@example.com', 'Date', '1990-13-45'],
    ]);
  });

  it('shows a job and its report only to their creator and to admins', async () => {
    const owner = await t.user('user');
    const stranger = await t.user('user');
    const job = await importCsv(t, 'email\nnope\n', {}, owner);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/imports/${job.id}/report`, as: owner })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/jobs/${job.id}`, as: stranger })).statusCode, 404);
    const theirs = await t.request({ method: 'GET', url: `/api/v1/imports/${job.id}/report`, as: stranger });
    assert.equal(theirs.statusCode, 404);
    assert.doesNotMatch(theirs.body, /nope/);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/imports/${job.id}/report` })).statusCode, 200, 'an admin may');
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/imports/99999999/report' })).statusCode, 404);
  });

  it('writes an imported event on each contact touched, with the file name, the job, the outcome and the line', async () => {
    const first = await importCsv(t, 'email,firstname\nev1@example.com,One\nev2@example.com,Two\n');
    const second = await postImport(t, { file: csvFile('email,firstname\nnope,x\nEV1@example.com,Uno\n', 'second.csv') });
    const job = await waitForJob(t, second.json().job.id);
    const id = (await contact('ev1@example.com'))!.id;
    const events = await t.db.selectFrom('events').select(['type', 'data']).where('contact_id', '=', id).orderBy('id').execute();
    // A contact the import creates starts with its imported event alone, which says so (outcome inserted).
    assert.deepEqual(events.map((e) => e.type), ['contact.imported', 'contact.imported']);
    assert.deepEqual(events[0].data, { file: 'contacts.csv', job_id: first.id, outcome: 'inserted', line: 2 });
    assert.deepEqual(events[1].data, { file: 'second.csv', job_id: job.id, outcome: 'updated', line: 3 });
    assert.equal((await contact('ev1@example.com'))!.created_by, t.admin.id);
    const timeline = (await t.request({ method: 'GET', url: `/api/v1/contacts/${id}/events` })).json();
    assert.ok(JSON.stringify(timeline).includes('second.csv'), 'the timeline shows it');
  });
});
