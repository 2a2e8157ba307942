import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export function insertSession(db: Db, tokenHash: Buffer, userId: number, csrfToken: string, expiresAt: Date) {
  return db.insertInto('sessions').values({ token_hash: tokenHash, user_id: userId, csrf_token: csrfToken, expires_at: expiresAt }).execute();
}

export function findSessionUser(db: Db, tokenHash: Buffer) {
  return db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.role', 'sessions.csrf_token'])
    .where('sessions.token_hash', '=', tokenHash).where('sessions.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export function deleteSession(db: Db, tokenHash: Buffer) {
  return db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export function deleteExpiredSessions(db: Db) {
  return db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).execute();
}

export function deleteUserSessions(db: Db, userId: number, exceptHash?: Buffer) {
  return db.deleteFrom('sessions').where('user_id', '=', userId)
    .$if(exceptHash !== undefined, (q) => q.where('token_hash', '!=', exceptHash as Buffer)).execute();
}
