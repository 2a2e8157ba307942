import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

const people = [
  { firstname: 'Alice', lastname: 'Zimmer', email: 'alice@acme.test', company: 'Acme', rank: 3 },
  { firstname: 'Bob', lastname: 'Young', email: 'bob@globex.test', company: 'Globex', rank: 1 },
  { firstname: 'Carol', lastname: 'Xu', email: 'carol@acme.test', company: 'Acme Labs', rank: 2 },
  { firstname: 'Dan', lastname: 'Weber', company: 'Initech' },
];

describe('contact list', () => {
  before(async () => {
    await t.request({ method: 'POST', url: '/api/v1/fields', payload: { alias: 'rank', label: 'Rank', type: 'number' } });
    for (const person of people) {
      const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: person });
      assert.equal(res.statusCode, 201, res.body);
    }
  });

  it('pages with offset and limit and reports the total', async () => {
    const page = (await t.request({ method: 'GET', url: '/api/v1/contacts?limit=2&offset=1&sort=firstname' })).json();
    assert.equal(page.total, 4);
    assert.equal(page.offset, 1);
    assert.equal(page.limit, 2);
    assert.deepEqual(page.contacts.map((c: { firstname: string }) => c.firstname), ['Bob', 'Carol']);
  });

  it('sorts by built-in and custom fields, ascending or descending, blanks last', async () => {
    const byLast = (await t.request({ method: 'GET', url: '/api/v1/contacts?sort=lastname' })).json();
    assert.deepEqual(byLast.contacts.map((c: { lastname: string }) => c.lastname), ['Weber', 'Xu', 'Young', 'Zimmer']);
    const byRank = (await t.request({ method: 'GET', url: '/api/v1/contacts?sort=-rank' })).json();
    assert.deepEqual(byRank.contacts.map((c: { firstname: string }) => c.firstname), ['Alice', 'Carol', 'Bob', 'Dan']);
    const byRankAsc = (await t.request({ method: 'GET', url: '/api/v1/contacts?sort=rank' })).json();
    assert.deepEqual(byRankAsc.contacts.map((c: { firstname: string }) => c.firstname), ['Bob', 'Carol', 'Alice', 'Dan']);
    const multi = (await t.request({ method: 'GET', url: '/api/v1/contacts?sort=company,-firstname' })).json();
    assert.deepEqual(multi.contacts.map((c: { firstname: string }) => c.firstname), ['Alice', 'Carol', 'Bob', 'Dan']);
  });

  it('q searches names, email and company, every word must match', async () => {
    const acme = (await t.request({ method: 'GET', url: '/api/v1/contacts?q=acme&sort=firstname' })).json();
    assert.equal(acme.total, 2);
    assert.deepEqual(acme.contacts.map((c: { firstname: string }) => c.firstname), ['Alice', 'Carol']);
    const both = (await t.request({ method: 'GET', url: `/api/v1/contacts?q=${encodeURIComponent('carol acme')}` })).json();
    assert.equal(both.total, 1);
    const email = (await t.request({ method: 'GET', url: '/api/v1/contacts?q=globex.test' })).json();
    assert.equal(email.contacts[0].firstname, 'Bob');
    const wildcardIsLiteral = (await t.request({ method: 'GET', url: '/api/v1/contacts?q=%25' })).json();
    assert.equal(wildcardIsLiteral.total, 0);
  });
});

describe('batch', () => {
  it('creates many with a result per item; a bad item does not stop the others', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts/batch', payload: { contacts: [
      { firstname: 'B1', email: 'b1@batch.test' },
      { firstname: 'B2', email: 'nope' },
      { firstname: 'B3', email: 'b1@batch.test' },
      { firstname: 'B4' },
    ] } });
    assert.equal(res.statusCode, 200, res.body);
    const results = res.json().results;
    assert.deepEqual(results.map((r: { status: number }) => r.status), [201, 400, 409, 201]);
    assert.equal(results[0].contact.firstname, 'B1');
    assert.ok(results[1].error.fields.email);
    assert.equal(results[2].error.existing_id, results[0].contact.id);
  });

  it('updates many by id, 404 for unknown ids', async () => {
    const created = (await t.request({ method: 'POST', url: '/api/v1/contacts/batch', payload: { contacts: [{ firstname: 'U1' }, { firstname: 'U2' }] } })).json().results;
    const res = await t.request({ method: 'PATCH', url: '/api/v1/contacts/batch', payload: { contacts: [
      { id: created[0].contact.id, city: 'Oslo' },
      { id: 999999, city: 'Nowhere' },
      { id: created[1].contact.id, city: 'Bergen' },
    ] } });
    const results = res.json().results;
    assert.deepEqual(results.map((r: { status: number }) => r.status), [200, 404, 200]);
    assert.equal(results[2].contact.city, 'Bergen');
  });

  it('deletes many in one go', async () => {
    const created = (await t.request({ method: 'POST', url: '/api/v1/contacts/batch', payload: { contacts: [{ firstname: 'D1' }, { firstname: 'D2' }] } })).json().results;
    const ids = created.map((r: { contact: { id: number } }) => r.contact.id);
    const res = await t.request({ method: 'DELETE', url: '/api/v1/contacts/batch', payload: { ids: [...ids, 424242] } });
    assert.deepEqual(res.json().results.map((r: { status: number }) => r.status), [204, 204, 404]);
    const left = await t.db.selectFrom('contacts').select('id').where('id', 'in', ids).execute();
    assert.equal(left.length, 0);
  });

  it('refuses more than 1000 items', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts/batch', payload: { contacts: Array.from({ length: 1001 }, () => ({})) } });
    assert.equal(res.statusCode, 400);
    assert.ok(res.json().error.fields.contacts);
  });
});

describe('deleting a contact takes what belongs to it', () => {
  it('removes its timeline events in the same transaction', async () => {
    const { contact } = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Eventful' } })).json();
    await t.db.insertInto('events').values([{ contact_id: contact.id, type: 'page.hit', data: JSON.stringify({ url: 'https://x.test/' }) }]).execute();
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}` })).statusCode, 204);
    const events = await t.db.selectFrom('events').select('id').where('contact_id', '=', contact.id).execute();
    assert.equal(events.length, 0);
  });
});

describe('no duplicate under concurrency', () => {
  it('30 simultaneous creations with one email make exactly one contact', async () => {
    const attempts = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: `Racer ${i}`, email: i % 2 ? 'RACE@example.test' : 'race@example.test ' } })));
    const statuses = attempts.map((r) => r.statusCode).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 29);
    const rows = await t.db.selectFrom('contacts').select('id').where('email_normalized', '=', 'race@example.test').execute();
    assert.equal(rows.length, 1);
  });
});
