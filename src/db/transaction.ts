import { sql } from 'kysely';
import type { Db } from './database.js';

const LOCK_KEY = /^-?\d{1,19}$/;

/**
 * Runs `work` in a transaction that holds the advisory locks `keys` from its start to its end
 * (bigints as strings, in the order given: see identity's lockKeys). BEGIN and the locks reach
 * PostgreSQL as one query, a round trip fewer than a Kysely transaction taking the locks: it
 * matters to a writer whose every round trip waits its turn on a busy event loop. The keys are
 * written into that query, so anything but an integer is refused.
 */
export async function lockedTransaction<T>(db: Db, keys: readonly string[], work: (trx: Db) => Promise<T>): Promise<T> {
  if (!keys.every((key) => LOCK_KEY.test(key))) throw new Error('Advisory lock keys must be integers');
  const begin = keys.length === 0 ? 'BEGIN'
    : `BEGIN; SELECT pg_advisory_xact_lock(k) FROM unnest('{${keys.join(',')}}'::bigint[]) WITH ORDINALITY AS l(k, i) ORDER BY i`;
  return db.connection().execute(async (connection) => {
    try {
      await sql.raw(begin).execute(connection);
      const result = await work(connection);
      await sql.raw('COMMIT').execute(connection);
      return result;
    } catch (error) {
      await sql.raw('ROLLBACK').execute(connection).catch(() => {});
      throw error;
    }
  });
}
