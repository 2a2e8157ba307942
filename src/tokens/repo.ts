import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export function insertToken(db: Db, userId: number, name: string, tokenHash: Buffer, prefix: string) {
  return db.insertInto('api_tokens').values({ user_id: userId, name, token_hash: tokenHash, token_prefix: prefix })
    .returningAll().executeTakeFirstOrThrow();
}

export function listTokens(db: Db, userId: number | undefined) {
  let query = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens').select('users.username').where('api_tokens.revoked_at', 'is', null);
  if (userId !== undefined) query = query.where('api_tokens.user_id', '=', userId);
  return query.orderBy('api_tokens.id', 'desc').execute();
}

export function findActiveTokenUser(db: Db, tokenHash: Buffer) {
  return db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.username', 'users.role', 'api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', tokenHash).where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export function touchToken(db: Db, id: number) {
  return db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', id).execute();
}

export function revokeToken(db: Db, id: number, userId: number | undefined) {
  let query = db.updateTable('api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.executeTakeFirst();
}
