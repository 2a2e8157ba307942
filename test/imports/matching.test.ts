import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { useTestApp } from '../helpers/app.js';
import { csvFile, importCsv, postImport, waitForJob } from './helpers.js';

const t = useTestApp();

async function create(payload: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().contact as { id: number };
}

const get = async (id: number) => (await t.request({ method: 'GET', url: `/api/v1/contacts/${id}` })).json().contact;
const holders = async (email: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM contacts WHERE email_normalized = ${email} AND merged_into IS NULL`.execute(t.db)).rows[0].n);

describe('matching imported rows to contacts', () => {
  it('matches by email whatever its case and surrounding spaces, as identify does', async () => {
    const ann = await create({ email: 'Ann.Lee@Example.com', firstname: 'Ann', company: 'Old Co' });
    const job = await importCsv(t, 'email,company\n"  ANN.LEE@example.COM  ",New Co\n');
    assert.deepEqual([job.result.inserted, job.result.updated], [0, 1]);
    const after = await get(ann.id);
    assert.equal(after.company, 'New Co');
    assert.equal(after.email, 'Ann.Lee@Example.com', 'the matched email stays as it was typed');
    assert.equal(after.firstname, 'Ann');
    assert.equal(await holders('ann.lee@example.com'), 1);
  });

  it('skips matched contacts with on_match=skip and updates them by default', async () => {
    const bob = await create({ email: 'bob@example.com', city: 'Rome' });
    const skipped = await importCsv(t, 'email,city\nbob@example.com,Oslo\nfresh@example.com,Oslo\n', { on_match: 'skip' });
    assert.deepEqual([skipped.result.inserted, skipped.result.updated, skipped.result.skipped], [1, 0, 1]);
    assert.equal((await get(bob.id)).city, 'Rome');
    const events = await t.db.selectFrom('events').select('type').where('contact_id', '=', bob.id).where('type', '=', 'contact.imported').execute();
    assert.equal(events.length, 0, 'a skipped contact is not touched');
    const updated = await importCsv(t, 'email,city\nbob@example.com,Oslo\n', { on_match: 'update' });
    assert.equal(updated.result.updated, 1);
    assert.equal((await get(bob.id)).city, 'Oslo');
  });

  it('makes one contact of rows that repeat an email, later rows updating it, across chunks too', async () => {
    const filler = Array.from({ length: 2500 }, (_, i) => `filler${i}@example.com,F${i},`).join('\n');
    const job = await importCsv(t, `email,firstname,lastname\ntwin@example.com,First,One\nTWIN@example.com,,Two\n${filler}\n twin@example.com ,Third,\n`);
    assert.equal(job.result.inserted, 2501);
    assert.equal(job.result.updated, 2);
    assert.equal(await holders('twin@example.com'), 1);
    const twin = await t.db.selectFrom('contacts').selectAll().where('email_normalized', '=', 'twin@example.com').executeTakeFirstOrThrow();
    assert.deepEqual([twin.firstname, twin.lastname], ['Third', 'Two'], 'each later row updates the contact, blanks leaving values alone');
    const outcomes = await t.db.selectFrom('events').select('data').where('contact_id', '=', twin.id).where('type', '=', 'contact.imported').orderBy('id').execute();
    assert.deepEqual(outcomes.map((e) => [e.data.outcome, e.data.line]), [['inserted', 2], ['updated', 3], ['updated', 2504]]);
  });

  it('matches on a custom unique identifier, with the AND operator needing every identifier to match', async () => {
    const field = await t.request({ method: 'POST', url: '/api/v1/fields', payload: { label: 'Customer no', alias: 'customer_no', type: 'text', unique_identifier: true } });
    assert.equal(field.statusCode, 201, field.body);
    const known = await create({ email: 'carl@example.com', customer_no: 'C-1' });
    const byNumber = await importCsv(t, 'customer_no,firstname\nC-1,Carl\n');
    assert.equal(byNumber.result.updated, 1, 'OR: the customer number alone matches');
    assert.equal((await get(known.id)).firstname, 'Carl');

    assert.equal((await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'and' } })).statusCode, 200);
    const both = await importCsv(t, 'email,customer_no,lastname\ncarl@example.com,C-1,Both\ncarl@example.com,C-2,Other\n');
    assert.deepEqual([both.result.updated, both.result.inserted], [1, 1], 'AND: a different customer number is another person');
    assert.equal((await get(known.id)).lastname, 'Both');
    assert.equal((await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'or' } })).statusCode, 200);
  });

  it('gives new contacts the default owner and status, and a matched contact only the ones it lacks', async () => {
    const owner = await t.user('user');
    const other = await t.user('user');
    const status = (await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'Imported lead' } })).json().status;
    const owned = await create({ email: 'owned@example.com', owner: other.id });
    await importCsv(t, 'email\nowned@example.com\nnewbie@example.com\n', { defaults: JSON.stringify({ owner_id: owner.id, status_id: status.id }) });
    const before = await get(owned.id);
    assert.equal(before.owner, other.id, 'an owner is kept');
    assert.equal(before.status, status.id, 'a missing status is filled in');
    const newbie = await t.db.selectFrom('contacts').selectAll().where('email_normalized', '=', 'newbie@example.com').executeTakeFirstOrThrow();
    assert.deepEqual([newbie.owner_id, newbie.status_id, newbie.created_by], [owner.id, status.id, t.admin.id]);
  });

  it('reads owners by username and statuses by name, as exports write them, failing unknown ones', async () => {
    const owner = await t.user('user');
    const status = (await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'Warm' } })).json().status;
    const job = await importCsv(t, `email,ownerusername,status_name\nnamed@example.com,${owner.username.toUpperCase()},warm\nghost@example.com,nobody_here,\n`);
    assert.equal(job.result.failed, 1);
    const named = await t.db.selectFrom('contacts').selectAll().where('email_normalized', '=', 'named@example.com').executeTakeFirstOrThrow();
    assert.deepEqual([named.owner_id, named.status_id], [owner.id, status.id]);
    assert.equal(await holders('ghost@example.com'), 0);
  });

  it('makes no duplicate when the API creates the same people while the import runs', async () => {
    const emails = Array.from({ length: 5000 }, (_, i) => `race${i}@example.com`);
    const res = await postImport(t, { file: csvFile(`email,firstname\n${emails.map((e, i) => `${e},Import${i}`).join('\n')}\n`) });
    assert.equal(res.statusCode, 202, res.body);
    // Creates from the end of the file backwards while the import works from its start: they meet midway.
    let running = 0;
    const creates = [];
    for (let i = emails.length - 1; i >= 0; i -= 20) {
      const state = (await t.db.selectFrom('jobs').select('state').where('id', '=', res.json().job.id).executeTakeFirstOrThrow()).state;
      if (state === 'running') running++;
      creates.push(await t.request({ method: 'POST', url: '/api/v1/contacts?on_duplicate=update', payload: { email: emails[i].toUpperCase(), lastname: 'Api' } }));
    }
    assert.ok(creates.every((r) => r.statusCode === 200 || r.statusCode === 201), creates.map((r) => r.statusCode).join());
    assert.ok(running > 0, 'the creates ran while the import did');
    const job = await waitForJob(t, res.json().job.id);
    assert.equal(job.state, 'succeeded', job.error);
    const { rows: [row] } = await sql<{ n: string; d: string }>`SELECT count(*) AS n, count(DISTINCT email_normalized) AS d FROM contacts WHERE email_normalized LIKE 'race%'`.execute(t.db);
    assert.deepEqual([Number(row.n), Number(row.d)], [5000, 5000]);
    assert.equal(job.result.inserted + job.result.updated, 5000);
  });

  it('fails a row whose owner id names no user, and imports the others', async () => {
    const job = await importCsv(t, 'email,owner\nok-owner@example.com,\nbad-owner@example.com,987654\n');
    assert.deepEqual([job.result.inserted, job.result.failed], [1, 1]);
    assert.equal(await holders('bad-owner@example.com'), 0);
  });
});
