import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import { errors } from '../errors.js';
import { credentialCache } from '../auth/cache.js';
import { endSessions } from '../auth/service.js';
import { generatePassword, hashPassword, verifyPassword } from '../auth/passwords.js';
import { isUniqueViolation } from '../db/errors.js';
import * as repo from './repo.js';
import type { ProfileUpdateBody, UserCreateBody, UserUpdateBody } from './schema.js';

// Compared against when the username is unknown, so both answers take as long.
const DUMMY_HASH = await hashPassword('not-a-real-password');

export async function listUsers(db: Db, offset: number, limit: number) {
  const [users, total] = await Promise.all([repo.listUsers(db, offset, limit), repo.countUsers(db)]);
  return { users, total };
}

export async function getUser(db: Db, id: number) {
  const user = await repo.findUser(db, id);
  if (!user) throw errors.notFound('User');
  return user;
}

export async function createUser(db: Db, input: UserCreateBody) {
  try {
    return await repo.insertUser(db, {
      username: input.username,
      email: input.email ?? null,
      first_name: input.first_name ?? '',
      last_name: input.last_name ?? '',
      role: input.role ?? 'user',
      password_hash: await hashPassword(input.password),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict('That username is taken', { username: 'is taken' });
    throw error;
  }
}

/** A new password signs the user out of every session but `keepSession`. */
export async function updateUser(db: Db, id: number, input: UserUpdateBody, keepSession?: string) {
  const { password, ...changes } = input;
  const updated = await db.transaction().execute(async (trx) => {
    if (changes.role === 'user') {
      await repo.lockAdmins(trx);
      const current = await getUser(trx, id);
      if (current.role === 'admin' && (await repo.countUsers(trx, 'admin')) === 1) {
        throw errors.conflict('The last admin cannot be made a user', { role: 'would leave no admin' });
      }
    }
    try {
      const row = await repo.updateUser(trx, id, { ...changes, ...(password ? { password_hash: await hashPassword(password) } : {}) });
      if (!row) throw errors.notFound('User');
      if (password) await endSessions(trx, id, keepSession);
      return row;
    } catch (error) {
      if (isUniqueViolation(error)) throw errors.conflict('That username is taken', { username: 'is taken' });
      throw error;
    }
  });
  credentialCache.clear();
  return updated;
}

export async function updateProfile(db: Db, id: number, input: ProfileUpdateBody, currentSession?: string) {
  const { password, current_password: currentPassword, ...changes } = input;
  if (password !== undefined) {
    const user = await getUser(db, id);
    if (!currentPassword || !(await verifyPassword(currentPassword, user.password_hash))) {
      throw errors.validation({ current_password: 'is wrong or missing; it is needed to change the password' });
    }
  }
  return updateUser(db, id, { ...changes, ...(password ? { password } : {}) }, currentSession);
}

export async function deleteUser(db: Db, id: number) {
  await db.transaction().execute(async (trx) => {
    await repo.lockAdmins(trx);
    const user = await getUser(trx, id);
    if (user.role === 'admin' && (await repo.countUsers(trx, 'admin')) === 1) {
      throw errors.conflict('The last admin cannot be deleted');
    }
    await repo.deleteUser(trx, id);
  });
  credentialCache.clear();
}

/** The user with these credentials, or undefined; takes as long whether or not the name exists. */
export async function verifyCredentials(db: Db, username: string, password: string) {
  const user = await repo.findUserByUsername(db, username);
  const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return user && valid ? user : undefined;
}

export const recordSignIn = (db: Db, id: number) => repo.touchLastLogin(db, id);

export async function findExistingUserIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return new Set((await repo.findUsersByIds(db, ids)).map((u) => u.id));
}

/**
 * Makes sure someone can sign in: creates ADMIN_USERNAME with ADMIN_PASSWORD when given, or,
 * when no admin exists at all, one with a generated password that is returned to be shown once.
 */
export async function ensureFirstAdmin(db: Db, config: Config): Promise<{ username: string; password?: string } | undefined> {
  const { adminUsername: username, adminPassword } = config;
  if (adminPassword) {
    if (await repo.findUserByUsername(db, username)) return undefined;
  } else if ((await repo.countUsers(db, 'admin')) > 0) {
    return undefined;
  } else if (await repo.findUserByUsername(db, username)) {
    throw new Error(`No admin exists and the username "${username}" belongs to a user who is not an admin. Start once with ADMIN_USERNAME set to a free name (and ADMIN_PASSWORD) to create an admin.`);
  }
  const password = adminPassword ?? generatePassword();
  try {
    await repo.insertUser(db, { username, role: 'admin', password_hash: await hashPassword(password) });
  } catch (error) {
    if (isUniqueViolation(error)) return undefined; // another process created it a moment ago
    throw error;
  }
  return adminPassword ? { username } : { username, password };
}
