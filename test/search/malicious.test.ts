import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { matchingContactsQuery } from '../../src/contacts/service.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();
const ids: Record<string, number> = {};

async function get(query: string) {
  return t.request({ method: 'GET', url: `/api/v1/contacts?search=${encodeURIComponent(query)}&limit=100` });
}

async function names(query: string): Promise<string[]> {
  const res = await get(query);
  assert.equal(res.statusCode, 200, `${JSON.stringify(query)}: ${res.body}`);
  return res.json().contacts.map((c: { firstname: string }) => c.firstname).sort();
}

async function contactsTableIntact() {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM contacts`.execute(t.db);
  assert.equal(Number(rows[0].n), 3);
}

describe('hostile searches', () => {
  before(async () => {
    for (const person of [
      { firstname: 'Dan', email: 'dan_x%y@weird.test', company: 'Back\\slash Ltd' },
      { firstname: 'Quinn', lastname: "O'Hara", email: 'quinn@plain.test', company: "'; DROP TABLE contacts; --" },
      { firstname: 'Plain', email: 'plain@plain.test', company: 'Plain' },
    ]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: person });
      assert.equal(res.statusCode, 201, res.body);
      ids[person.firstname] = res.json().contact.id;
    }
  });

  it('SQL fragments are values, found only where they are written', async () => {
    assert.deepEqual(await names("'; DROP TABLE contacts; --"), ['Quinn']);
    assert.deepEqual(await names("company:\"'; drop table\""), ['Quinn']);
    assert.deepEqual(await names("email:' OR '1'='1"), []);
    assert.deepEqual(await names("x' OR 1=1 --"), []);
    assert.deepEqual(await names("name:o'h"), ['Quinn']);
    assert.deepEqual(await names('tag:"x\') OR true --"'), []);
    assert.deepEqual(await names('ip:1\' OR \'1\'=\'1'), []);
    await contactsTableIntact();
  });

  it('% and _ are literal characters, * the only wildcard', async () => {
    assert.deepEqual(await names('%'), ['Dan']);
    assert.deepEqual(await names('_'), ['Dan']);
    assert.deepEqual(await names('email:dan_x%'), ['Dan']);
    assert.deepEqual(await names('email:d_n'), []);
    assert.deepEqual(await names('email:%'), []);
    assert.deepEqual(await names('email:*%y@*'), ['Dan']);
    assert.deepEqual(await names('+%'), []);
  });

  it('backslashes are literal too', async () => {
    assert.deepEqual(await names('back\\slash'), ['Dan']);
    assert.deepEqual(await names('\\'), ['Dan']);
    assert.deepEqual(await names('\\%'), []);
    assert.deepEqual(await names('company:back\\'), ['Dan']);
  });

  it('quotes, NUL bytes, control characters and odd Unicode never cause a 500', async () => {
    for (const query of ["''''", "'", '\u0000', 'pla\u0000in', '\u0007\u001b[31m', '💥', 'ǅ ß İ', 'email:\u0000', '"\u0000"', '\\"', 'a:b:c:d', ':', '::', '!:', 'is:', 'ids:', 'ids:,,,']) {
      const res = await get(query);
      assert.ok(res.statusCode === 200 || res.statusCode === 400, `${JSON.stringify(query)}: ${res.statusCode} ${res.body}`);
    }
    // NUL separates words like a space: "pla" and "in".
    assert.deepEqual(await names('pla\u0000in'), ['Plain', 'Quinn']);
    assert.equal((await names('ids:,,,')).length, 0);
    const invalidUtf8 = await t.request({ method: 'GET', url: '/api/v1/contacts?search=%ED%A0%80%FF' });
    assert.ok(invalidUtf8.statusCode < 500, invalidUtf8.body);
    await contactsTableIntact();
  });

  it('an unbalanced quote is a 400 naming search with the position, not a match', async () => {
    const res = await get('plain "oops');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'search_syntax');
    assert.equal(res.json().error.position, 6);
    assert.match(res.json().error.fields.search, /quote/);
  });

  it('refuses huge inputs with a 400 naming search', async () => {
    for (const query of ['a'.repeat(2001), 'x '.repeat(5000), '('.repeat(1000)]) {
      const res = await get(query);
      assert.equal(res.statusCode, 400, res.body.slice(0, 200));
      assert.ok(res.json().error.fields?.search, res.body.slice(0, 200));
    }
  });

  it('sends every search value as a parameter, never inside the SQL text', async () => {
    const fields = await t.ctx.fields.load(t.db);
    const hostile = "'; DROP TABLE contacts; --";
    for (const search of [hostile, `email:"${hostile}"`, `tag:"${hostile}"`, `city:"${hostile}"`, `!owner:"${hostile}" OR status:"${hostile}"`]) {
      const compiled = matchingContactsQuery(t.db, fields, { search }).select('id').compile();
      assert.ok(!compiled.sql.includes('DROP'), compiled.sql);
      assert.ok(compiled.parameters.some((p) => typeof p === 'string' && p.includes('drop')), search);
      await t.db.executeQuery(CompiledQuery.raw(compiled.sql, [...compiled.parameters]));
    }
    await contactsTableIntact();
  });
});
