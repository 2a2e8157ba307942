import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { FormsTable } from '../db/schema.js';

export const SUBMITTED = 'form.submitted';
// Must match the expression of events_form_submitted_idx (migration 0005).
const formIdOfEvent = sql<string>`data->>'form_id'`;

export function listForms(db: Db, offset: number, limit: number) {
  return db.selectFrom('forms').selectAll().orderBy('name').orderBy('id').offset(offset).limit(limit).execute();
}

export async function countForms(db: Db): Promise<number> {
  const row = await db.selectFrom('forms').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findForm(db: Db, id: number) {
  return db.selectFrom('forms').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertForm(db: Db, form: Insertable<FormsTable>) {
  return db.insertInto('forms').values(form).returningAll().executeTakeFirstOrThrow();
}

export function updateForm(db: Db, id: number, changes: Updateable<FormsTable>) {
  return db.updateTable('forms').set({ ...changes, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteForm(db: Db, id: number) {
  return db.deleteFrom('forms').where('id', '=', id).executeTakeFirst();
}

export function listSubmissions(db: Db, formId: number, offset: number, limit: number) {
  return db.selectFrom('events').select(['id', 'contact_id', 'occurred_at', 'data'])
    .where('type', '=', SUBMITTED).where(formIdOfEvent, '=', String(formId))
    .orderBy('occurred_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute();
}

export async function countSubmissions(db: Db, formId: number): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('type', '=', SUBMITTED).where(formIdOfEvent, '=', String(formId)).executeTakeFirstOrThrow();
  return Number(row.n);
}
