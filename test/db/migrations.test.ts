import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createDb } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureBuiltinFields } from '../../src/fields/service.js';
import { createEmptyDatabase } from '../helpers/db.js';

describe('migrations', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('four processes migrating one empty database at once apply each migration exactly once', async () => {
    const empty = await createEmptyDatabase();
    const dbs = Array.from({ length: 4 }, () => createDb(empty.url, 2));
    cleanups.push(async () => {
      await Promise.all(dbs.map((db) => db.destroy()));
      await empty.drop();
    });
    const results = await Promise.all(dbs.map(async (db) => {
      const applied = await migrateToLatest(db);
      await ensureBuiltinFields(db);
      return applied;
    }));
    const applied = results.flat();
    assert.deepEqual([...applied].sort(), [...new Set(applied)].sort(), 'a migration ran twice');
    assert.ok(applied.includes('0001_init'));
    const fields = await sql<{ n: string }>`SELECT count(*) AS n, count(DISTINCT alias) AS d FROM fields`.execute(dbs[0]);
    const row = fields.rows[0] as unknown as { n: string; d: string };
    assert.equal(row.n, row.d, 'a built-in field was inserted twice');
    assert.ok(Number(row.n) > 20);
    assert.deepEqual(await migrateToLatest(dbs[0]), [], 'a second run has nothing to do');
  });
});
