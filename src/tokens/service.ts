import type { Db } from '../db/database.js';
import { errors } from '../errors.js';
import { credentialCache, type AuthUser } from '../auth/cache.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import * as repo from './repo.js';

export const TOKEN_PREFIX = 'cb_';
const LAST_USED_RESOLUTION_MS = 60_000;

/** Creates a token; its secret is in the answer and nowhere else. */
export async function createToken(db: Db, userId: number, name: string) {
  const secret = newSecret(TOKEN_PREFIX);
  const row = await repo.insertToken(db, userId, name, hashSecret(secret), secret.slice(0, TOKEN_PREFIX.length + 6));
  return { row, secret };
}

/** An admin sees every user's tokens; anyone else their own. */
export function listTokens(db: Db, actor: AuthUser) {
  return repo.listTokens(db, actor.role === 'admin' ? undefined : actor.id);
}

export async function revokeToken(db: Db, id: number, actor: AuthUser) {
  const result = await repo.revokeToken(db, id, actor.role === 'admin' ? undefined : actor.id);
  if (Number(result.numUpdatedRows) === 0) throw errors.notFound('Token');
  credentialCache.clear();
}

export async function resolveToken(db: Db, secret: string): Promise<AuthUser | undefined> {
  if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await repo.findActiveTokenUser(db, hashSecret(secret));
  if (!row) return undefined;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await repo.touchToken(db, row.token_id);
  }
  return { id: row.id, username: row.username, role: row.role };
}
