import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { createContext } from '../../src/context.js';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/database.js';
import type { App, AppContext } from '../../src/http/app.js';
import { buildServer } from '../../src/server.js';
import { createToken } from '../../src/tokens/service.js';
import { createUser } from '../../src/users/service.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestUser {
  readonly id: number;
  readonly username: string;
  readonly password: string;
  readonly token: string;
}

export interface TestApp {
  readonly app: App;
  readonly db: Db;
  readonly ctx: AppContext;
  readonly admin: TestUser;
  /** Creates a user with an API token. */
  user(role?: 'admin' | 'user'): Promise<TestUser>;
  /** A request as `as` (the admin by default) with a bearer token. */
  request(options: InjectOptions & { as?: TestUser | null }): Promise<LightMyRequestResponse>;
}

let counter = 0;

async function makeUser(db: Db, role: 'admin' | 'user'): Promise<TestUser> {
  const username = `${role}${++counter}_${process.pid}`;
  const password = `password-${counter}-long`;
  const user = await createUser(db, { username, password, role, first_name: 'Test', last_name: role });
  const { secret } = await createToken(db, user.id, 'tests');
  return { id: user.id, username, password, token: secret };
}

/** A Contactbase app on its own database, set up before the file's tests and torn down after. */
export function useTestApp(env: NodeJS.ProcessEnv = {}): TestApp {
  let database: TestDatabase;
  const state = {} as { app: App; ctx: AppContext; admin: TestUser };
  let dataDir: string;
  before(async () => {
    database = await createTestDatabase();
    // Jobs keep their files under DATA_DIR: each test file gets a folder of its own.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-data-'));
    state.ctx = createContext(database.db, loadConfig({ DATA_DIR: dataDir, ...env }), { ...env });
    state.app = await buildServer(state.ctx);
    await state.app.ready();
    state.admin = await makeUser(database.db, 'admin');
  });
  after(async () => {
    await state.app?.close();
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get app() { return state.app; },
    get db() { return database.db; },
    get ctx() { return state.ctx; },
    get admin() { return state.admin; },
    user: (role = 'user') => makeUser(database.db, role),
    request: ({ as, ...options }) => {
      const who = as === undefined ? state.admin : as;
      const headers = { ...(who ? { authorization: `Bearer ${who.token}` } : {}), ...options.headers };
      return state.app.inject({ ...options, headers });
    },
  };
}
