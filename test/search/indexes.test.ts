import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import { matchingContactsQuery } from '../../src/contacts/service.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

/** Thrown to end a transaction with ROLLBACK, carrying what it found. */
class Rollback {
  constructor(readonly plan: string) {}
}

/** The plan PostgreSQL would use for a search if it could not read a whole table or index in order. */
async function plan(search: string): Promise<string> {
  const fields = await t.ctx.fields.load(t.db);
  const compiled = matchingContactsQuery(t.db, fields, { search }).select('contacts.id').compile();
  try {
    await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      await sql`SET LOCAL enable_indexscan = off`.execute(trx);
      const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${compiled.sql}`, [...compiled.parameters]));
      throw new Rollback(result.rows.map((r) => r['QUERY PLAN']).join('\n'));
    });
  } catch (error) {
    if (error instanceof Rollback) return error.plan;
    throw error;
  }
  throw new Error('unreachable');
}

describe('search indexes', () => {
  it('the migrations created pg_trgm and the search text column', async () => {
    const { rows } = await sql<{ extname: string }>`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`.execute(t.db);
    assert.equal(rows.length, 1, 'pg_trgm is available on the test servers (PostgreSQL 15 and the embedded 17)');
    const created = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Ada', lastname: 'Lovelace', email: ' Ada@Example.ORG ', city: 'London' } });
    const row = await t.db.selectFrom('contacts').select('search_text').where('id', '=', created.json().contact.id).executeTakeFirstOrThrow();
    assert.equal(row.search_text, '\nada\nlovelace\nada@example.org\n\nlondon\n\n\n\n\n\n\n\n\n\n');
  });

  for (const search of ['lovelace', 'email:*@example.org', 'email:ada', 'name:lov', 'company:acme', 'city:lon', '+london']) {
    it(`${search} can use the trigram index`, async () => {
      assert.match(await plan(search), /contacts_search_text_trgm_idx|contacts_email_pattern_idx/);
    });
  }

  it('ip: and points: can use their indexes', async () => {
    assert.match(await plan('ip:10.0.'), /contact_ips_host_idx/);
    assert.match(await plan('points:>10'), /contacts_points_idx/);
  });
});
