import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { StatusesTable } from '../db/schema.js';

export function listStatuses(db: Db) {
  return db.selectFrom('statuses').selectAll().orderBy('position').orderBy('name').execute();
}

export function findStatus(db: Db, id: number) {
  return db.selectFrom('statuses').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findStatusesByIds(db: Db, ids: number[]) {
  return db.selectFrom('statuses').select('id').where('id', 'in', ids).execute();
}

export function insertStatus(db: Db, status: Insertable<StatusesTable>) {
  return db.insertInto('statuses').values(status).returningAll().executeTakeFirstOrThrow();
}

export function updateStatus(db: Db, id: number, changes: Updateable<StatusesTable>) {
  return db.updateTable('statuses').set({ ...changes, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteStatus(db: Db, id: number) {
  return db.deleteFrom('statuses').where('id', '=', id).executeTakeFirst();
}
