import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { useTestApp } from '../helpers/app.js';
import { importCsv, postImport, csvFile } from './helpers.js';

const t = useTestApp();

function contact(email: string) {
  return t.db.selectFrom('contacts').selectAll().where('email_normalized', '=', email.toLowerCase()).where('merged_into', 'is', null).executeTakeFirst();
}

async function report(jobId: number) {
  const res = await t.request({ method: 'GET', url: `/api/v1/imports/${jobId}/report` });
  assert.equal(res.statusCode, 200, res.body);
  return parse(res.body, { bom: true, relax_column_count: true }) as string[][];
}

async function preview(content: string | Buffer, options: Record<string, string> = {}) {
  const res = await postImport(t, { file: csvFile(content), ...options }, undefined, '/api/v1/imports/preview');
  assert.equal(res.statusCode, 200, res.body);
  return res.json().preview;
}

describe('reading CSV files', () => {
  before(async () => {
    for (const field of [
      { label: 'VIP', alias: 'vip', type: 'boolean' },
      { label: 'Renewal', alias: 'renewal', type: 'datetime' },
      { label: 'Interests', alias: 'interests', type: 'multiselect', options: ['golf', 'chess', 'tea'] },
      { label: 'Tier', alias: 'tier', type: 'text', default_value: 'bronze' },
    ]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/fields', payload: field });
      assert.equal(res.statusCode, 201, res.body);
    }
  });

  it('keeps line breaks inside quoted values and reads a UTF-8 file with a BOM and CRLF line ends', async () => {
    const file = '\uFEFFEmail,First Name,Address line 1\r\n"quoted@example.com",Ann,"Line one\nLine two, ""the"" end"\r\nnext@example.com,Bob,Plain\r\n';
    const shown = await preview(file);
    assert.equal(shown.encoding, 'utf-8');
    assert.equal(shown.bom, true);
    assert.deepEqual(shown.headers, ['Email', 'First Name', 'Address line 1'], 'the BOM is not part of the first header');
    assert.deepEqual(shown.mapping, { Email: 'email', 'First Name': 'firstname', 'Address line 1': 'address1' });
    assert.equal(shown.rows[0][2], 'Line one\nLine two, "the" end');

    const job = await importCsv(t, file);
    assert.equal(job.result.inserted, 2);
    assert.equal((await contact('quoted@example.com'))?.address1, 'Line one\nLine two, "the" end');
    const next = await t.db.selectFrom('events').select('data').where('type', '=', 'contact.imported')
      .where('contact_id', '=', (await contact('next@example.com'))!.id).executeTakeFirstOrThrow();
    assert.equal(next.data.line, 4, 'line numbers count the quoted line break');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, and detects semicolons', async () => {
    const bytes = iconv.encode('email;firstname;lastname;city\nzoe@example.com;Zoë;Müller-Lüdenscheidt;Köln\n', 'win1252');
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'the test file is not valid UTF-8');
    const shown = await preview(bytes);
    assert.equal(shown.encoding, 'windows-1252');
    assert.equal(shown.delimiter, ';');
    assert.deepEqual(shown.rows[0], ['zoe@example.com', 'Zoë', 'Müller-Lüdenscheidt', 'Köln']);
    await importCsv(t, bytes);
    const zoe = await contact('zoe@example.com');
    assert.equal(zoe?.firstname, 'Zoë');
    assert.equal(zoe?.lastname, 'Müller-Lüdenscheidt');
    assert.equal(zoe?.city, 'Köln');
  });

  it('reads tab- and pipe-separated files, and a delimiter given outright', async () => {
    assert.equal((await preview('email\tfirstname\ttab@example.com\n'.replace('\ttab', '\ntab'))).delimiter, '\t');
    await importCsv(t, 'email\tfirstname\tcompany\ntab@example.com\tTabby\tA, B and C\n');
    assert.equal((await contact('tab@example.com'))?.company, 'A, B and C');
    assert.equal((await contact('tab@example.com'))?.firstname, 'Tabby');
    await importCsv(t, 'email|firstname\npipe@example.com|Piper\n');
    assert.equal((await contact('pipe@example.com'))?.firstname, 'Piper');
    // Detection would pick the comma; the option says semicolon.
    await importCsv(t, 'email;company\ngiven@example.com;Smith, Jones & Co\n', { delimiter: ';' });
    assert.equal((await contact('given@example.com'))?.company, 'Smith, Jones & Co');
  });

  it('fails a row with more values than headers, pads one with fewer, and reports empty lines', async () => {
    const job = await importCsv(t, 'email,firstname,lastname\nlong@example.com,Too,Many,Values\nshort@example.com,Short\n\n , , \nok@example.com,Ok,Fine\n,,\n');
    assert.deepEqual({ inserted: job.result.inserted, failed: job.result.failed, skipped: job.result.skipped }, { inserted: 2, failed: 3, skipped: 1 });
    assert.equal(await contact('long@example.com'), undefined);
    const short = await contact('short@example.com');
    assert.equal(short?.firstname, 'Short');
    assert.equal(short?.lastname, null);
    const lines = await report(job.id);
    assert.deepEqual(lines[0], ['line', 'reason', 'email', 'firstname', 'lastname']);
    assert.deepEqual(lines.slice(1).map((l) => [l[0], l[1].split(':')[0]]), [['2', 'header_mismatch'], ['4', 'line_empty'], ['7', 'line_empty']]);
    assert.deepEqual(lines[1].slice(2), ['long@example.com', 'Too', 'Many', 'Values'], 'the original values, all of them');
  });

  it('fails a row whose quotes are broken at its line, with its text in the report, and imports the rows after it', async () => {
    const job = await importCsv(t, 'email,firstname\nfirst@example.com,First\n"broken@example.com"x,Broken\n"unclosed@example.com,Open\nafter@example.com,After\n');
    assert.deepEqual({ inserted: job.result.inserted, failed: job.result.failed }, { inserted: 2, failed: 2 });
    assert.equal((await contact('after@example.com'))?.firstname, 'After');
    assert.equal(await contact('broken@example.com'), undefined);
    const lines = await report(job.id);
    assert.deepEqual(lines.slice(1).map((l) => [l[0], l[1].split(':')[0], l[2]]), [
      ['3', 'unreadable', '"broken@example.com"x,Broken'],
      ['4', 'unreadable', '"unclosed@example.com,Open'],
    ]);
  });

  it('reads booleans as true for 1, true, on and yes in any case, false otherwise', async () => {
    const rows = [['b1', 'YES'], ['b2', 'On'], ['b3', '1'], ['b4', 'True'], ['b5', 'no'], ['b6', 'nope'], ['b7', '0']];
    await importCsv(t, `email,vip\n${rows.map(([n, v]) => `${n}@example.com,${v}`).join('\n')}\n`);
    const got = await Promise.all(rows.map(async ([n]) => (await contact(`${n}@example.com`))!.custom.vip));
    assert.deepEqual(got, [true, true, true, true, false, false, false]);
  });

  it('reads dates in the common formats, ignores all-zero dates and fails impossible ones', async () => {
    const formats = ['2024-03-31', '2024/03/31', '20240331', '31.03.2024', '31-03-2024', '03/31/2024', '31/03/2024', '31 March 2024', 'March 31, 2024', '31 Mar 2024', '2024-03-31T10:00:00Z'];
    const body = formats.map((f, i) => `d${i}@example.com,"${f}",2024-03-31 14:30`).join('\n');
    const job = await importCsv(t, `email,birthday,renewal\n${body}\nzero@example.com,0000-00-00,\nbad@example.com,31.02.2024,\nworse@example.com,someday,\n`);
    assert.equal(job.result.failed, 2);
    for (const [i, f] of formats.entries()) {
      const row = await contact(`d${i}@example.com`);
      assert.equal(row?.birthday, '2024-03-31', f);
      assert.equal(row?.custom.renewal, '2024-03-31T14:30:00.000Z');
    }
    assert.equal((await contact('zero@example.com'))?.birthday, null);
    const lines = await report(job.id);
    assert.match(lines[1][1], /^birthday: must be a date/);
    assert.equal(lines[1][2], 'bad@example.com');
  });

  it('splits multiselect values on |, and fails an invalid email with the API\'s reason', async () => {
    const job = await importCsv(t, 'email,interests\nmulti@example.com,golf|Tea\nnot-an-email,golf\n');
    assert.deepEqual((await contact('multi@example.com'))?.custom.interests, ['golf', 'tea']);
    const lines = await report(job.id);
    assert.equal(lines[1][1], 'email: must be a valid email address');
  });

  it('gives new contacts the fields\' default values and their points; a matched contact keeps its points', async () => {
    await importCsv(t, 'email,points\nnew@example.com,7\n');
    const created = await contact('new@example.com');
    assert.equal(created?.points, 7);
    assert.equal(created?.custom.tier, 'bronze');
    assert.equal(created?.anonymous, false);
    assert.ok(created?.identified_at);
    await importCsv(t, 'email,points,tier\nnew@example.com,99,gold\n');
    const updated = await contact('new@example.com');
    assert.equal(updated?.points, 7, 'points apply to new contacts only');
    assert.equal(updated?.custom.tier, 'gold');
    const imported = await t.db.selectFrom('events').select('data').where('contact_id', '=', updated!.id).where('type', '=', 'contact.imported').orderBy('id').execute();
    assert.deepEqual(imported.map((e) => e.data.delta), [7, undefined], 'the imported event of the new contact carries its points');
    const { weeks } = (await t.request({ method: 'GET', url: `/api/v1/contacts/${updated!.id}/engagement` })).json();
    assert.equal(weeks.at(-1).points, 7, 'the engagement chart counts the imported points');
  });

  it('leaves values alone for empty cells, clears them for NULL, and for empty cells too with overwrite_blank', async () => {
    await importCsv(t, 'email,firstname,company,city,tier\nkeep@example.com,Kay,Acme,Oslo,silver\n');
    await importCsv(t, 'email,firstname,company,city,tier\nkeep@example.com,,NULL,,NULL\n');
    let row = await contact('keep@example.com');
    assert.deepEqual([row?.firstname, row?.company, row?.city, row?.custom.tier], ['Kay', null, 'Oslo', undefined]);
    await importCsv(t, 'email,firstname,city\nkeep@example.com,,\n', { overwrite_blank: 'true' });
    row = await contact('keep@example.com');
    assert.deepEqual([row?.firstname, row?.city], [null, null]);
  });

  it('adds the tags column\'s |-separated tags and the default tags, and removes those with a leading -', async () => {
    await importCsv(t, 'email,tags\ntagged@example.com,old|keep\n');
    const job = await importCsv(t, 'email,tags\ntagged@example.com,new one|-old\nother@example.com,\n', { defaults: JSON.stringify({ tags: ['Fair 2024'] }) });
    assert.equal(job.result.updated, 1);
    const tags = async (email: string) => (await t.db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id')
      .select('tags.name').where('contact_tags.contact_id', '=', (await contact(email))!.id).orderBy('tags.name').execute()).map((r) => r.name);
    assert.deepEqual(await tags('tagged@example.com'), ['Fair 2024', 'keep', 'new one']);
    assert.deepEqual(await tags('other@example.com'), ['Fair 2024']);

    // A tag that exists in another case, and names that JavaScript and PostgreSQL lower-case differently.
    await importCsv(t, 'email,tags\ncases@example.com,FAIR 2024|İstanbul|ǅemal\n');
    await importCsv(t, 'email,tags\ncases2@example.com,istanbul|İSTANBUL\n');
    assert.deepEqual(await tags('cases@example.com'), ['Fair 2024', 'İstanbul', 'ǅemal']);
    assert.ok((await tags('cases2@example.com')).length >= 1, 'each row gets its tags');
  });
});
