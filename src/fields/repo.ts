import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { FieldsTable } from '../db/schema.js';

export function listFields(db: Db) {
  return db.selectFrom('fields').selectAll().orderBy('position').orderBy('id').execute();
}

export function findFieldByAlias(db: Db, alias: string) {
  return db.selectFrom('fields').selectAll().where('alias', '=', alias).executeTakeFirst();
}

export function insertField(db: Db, field: Insertable<FieldsTable>) {
  return db.insertInto('fields').values(field).returningAll().executeTakeFirstOrThrow();
}

/** Adds built-in fields that are missing; a running server's settings for the others stay. */
export async function insertMissingFields(db: Db, fields: Insertable<FieldsTable>[]) {
  await db.insertInto('fields').values(fields).onConflict((oc) => oc.column('alias').doNothing()).execute();
}

export function updateField(db: Db, alias: string, changes: Updateable<FieldsTable>) {
  return db.updateTable('fields').set({ ...changes, updated_at: sql`now()` }).where('alias', '=', alias)
    .returningAll().executeTakeFirst();
}

export function deleteField(db: Db, alias: string) {
  return db.deleteFrom('fields').where('alias', '=', alias).executeTakeFirst();
}

export async function nextFieldPosition(db: Db): Promise<number> {
  const row = await db.selectFrom('fields').select((eb) => eb.fn.max('position').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** Removes a deleted custom field's values from every contact. */
export function removeCustomValues(db: Db, alias: string) {
  return db.updateTable('contacts').set({ custom: sql`custom - ${alias}::text` })
    .where(sql<boolean>`custom ? ${alias}::text`).execute();
}
