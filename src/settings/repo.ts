import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export function listSettings(db: Db) {
  return db.selectFrom('settings').select(['key', 'value']).execute();
}

export async function upsertSettings(db: Db, values: Record<string, unknown>) {
  const rows = Object.entries(values).map(([key, value]) => ({ key, value: JSON.stringify(value) }));
  if (rows.length === 0) return;
  await db.insertInto('settings').values(rows)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value`, updated_at: sql`now()` })).execute();
}
