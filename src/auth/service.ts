import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { errors } from '../errors.js';
import * as users from '../users/service.js';
import * as tokens from '../tokens/service.js';
import { credentialCache, type AuthUser } from './cache.js';
import { hashSecret, newSecret } from './secrets.js';
import * as repo from './repo.js';

export const SESSION_DAYS = 14;

export async function signIn(db: Db, username: string, password: string) {
  const user = await users.verifyCredentials(db, username, password);
  if (!user) throw errors.invalidCredentials();
  const token = newSecret('');
  const csrfToken = randomBytes(24).toString('base64url');
  await repo.insertSession(db, hashSecret(token), user.id, csrfToken, new Date(Date.now() + SESSION_DAYS * 86_400_000));
  await Promise.all([users.recordSignIn(db, user.id), repo.deleteExpiredSessions(db)]);
  return { user, token, csrfToken };
}

export async function signOut(db: Db, token: string) {
  await repo.deleteSession(db, hashSecret(token));
  credentialCache.clear();
}

/** Signs a user out everywhere (but in the session `keepToken`), e.g. after a password change. */
export async function endSessions(db: Db, userId: number, keepToken?: string) {
  await repo.deleteUserSessions(db, userId, keepToken ? hashSecret(keepToken) : undefined);
  credentialCache.clear();
}

export async function sessionUser(db: Db, token: string): Promise<{ user: AuthUser; csrfToken: string } | undefined> {
  const key = `s:${hashSecret(token).toString('base64')}`;
  const cached = credentialCache.get(key);
  if (cached) return { user: cached.user, csrfToken: cached.extra ?? '' };
  const row = await repo.findSessionUser(db, hashSecret(token));
  if (!row) return undefined;
  const user: AuthUser = { id: row.id, username: row.username, role: row.role };
  credentialCache.set(key, user, row.csrf_token);
  return { user, csrfToken: row.csrf_token };
}

export async function tokenUser(db: Db, token: string): Promise<AuthUser | undefined> {
  const key = `t:${hashSecret(token).toString('base64')}`;
  const cached = credentialCache.get(key);
  if (cached) return cached.user;
  const user = await tokens.resolveToken(db, token);
  if (user) credentialCache.set(key, user);
  return user;
}

/** HTTP Basic: a user's password, or one of their API tokens in the password's place. */
export async function basicUser(db: Db, username: string, password: string): Promise<AuthUser | undefined> {
  const key = `b:${hashSecret(`${username}\u0000${password}`).toString('base64')}`;
  const cached = credentialCache.get(key);
  if (cached) return cached.user;
  const byToken = password.startsWith(tokens.TOKEN_PREFIX) ? await tokens.resolveToken(db, password) : undefined;
  let user: AuthUser | undefined;
  if (byToken && byToken.username.toLowerCase() === username.toLowerCase()) {
    user = byToken;
  } else {
    const row = await users.verifyCredentials(db, username, password);
    user = row && { id: row.id, username: row.username, role: row.role };
  }
  if (user) credentialCache.set(key, user);
  return user;
}
