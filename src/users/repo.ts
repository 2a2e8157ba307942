import { sql, type Insertable, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { UsersTable } from '../db/schema.js';

export function listUsers(db: Db, offset: number, limit: number) {
  return db.selectFrom('users').selectAll().orderBy('username').offset(offset).limit(limit).execute();
}

export async function countUsers(db: Db, role?: 'admin' | 'user'): Promise<number> {
  let query = db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n'));
  if (role) query = query.where('role', '=', role);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export function findUser(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

export function findUsersByIds(db: Db, ids: number[]) {
  return db.selectFrom('users').select(['id']).where('id', 'in', ids).execute();
}

export function insertUser(db: Db, user: Insertable<UsersTable>) {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: Db, id: number, changes: Updateable<UsersTable>) {
  return db.updateTable('users').set({ ...changes, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
}

export function deleteUser(db: Db, id: number) {
  return db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
}

/** Serialises changes to the set of admins, so the last one cannot be removed by a race. */
export async function lockAdmins(db: Db) {
  await db.selectFrom('users').select('id').where('role', '=', 'admin').forUpdate().execute();
}

export function touchLastLogin(db: Db, id: number) {
  return db.updateTable('users').set({ last_login_at: sql`now()` }).where('id', '=', id).execute();
}
