import assert from 'node:assert/strict';
import { createContext } from '../../src/context.js';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { App } from '../../src/http/app.js';
import { buildServer } from '../../src/server.js';
import { ensureFirstAdmin } from '../../src/users/service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** A fresh database (the template has no users) and an app on it, for one test. */
async function freshApp(): Promise<{ database: TestDatabase; app: App }> {
  const database = await createTestDatabase();
  const app = await buildServer(createContext(database.db, loadConfig({}), {}));
  await app.ready();
  opened.push({ database, app });
  return { database, app };
}

const opened: { database: TestDatabase; app: App }[] = [];
after(async () => {
  for (const { app, database } of opened) {
    await app.close();
    await database.drop();
  }
});

function signIn(app: App, username: string, password: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
}

describe('ensureFirstAdmin', () => {
  let fresh: { database: TestDatabase; app: App };
  before(async () => {
    fresh = await freshApp();
  });

  it('on a database without users creates "admin" with a generated password that signs in', async () => {
    const { database, app } = fresh;
    assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 0);

    const created = await ensureFirstAdmin(database.db, loadConfig({}));
    assert.ok(created);
    assert.equal(created.username, 'admin');
    assert.equal(typeof created.password, 'string');
    assert.ok(created.password!.length >= 16, 'the generated password is long');

    const rows = await database.db.selectFrom('users').select(['username', 'role', 'password_hash']).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].role, 'admin');
    assert.ok(!rows[0].password_hash.includes(created.password!), 'only a hash is stored');

    const res = await signIn(app, 'admin', created.password!);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.role, 'admin');
  });

  it('a second call creates nothing and reveals no password', async () => {
    const { database } = fresh;
    assert.equal(await ensureFirstAdmin(database.db, loadConfig({})), undefined);
    assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
  });

  it('creates nobody while an admin exists, whatever its name', async () => {
    const { database } = fresh;
    await database.db.updateTable('users').set({ username: 'chief' }).execute();
    assert.equal(await ensureFirstAdmin(database.db, loadConfig({})), undefined);
    assert.deepEqual((await database.db.selectFrom('users').select('username').execute()).map((u) => u.username), ['chief']);
  });

  it('with ADMIN_USERNAME and ADMIN_PASSWORD creates that admin, once', async () => {
    const { database, app } = await freshApp();
    const config = loadConfig({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'configured-secret-1' });

    const created = await ensureFirstAdmin(database.db, config);
    assert.deepEqual(created, { username: 'ops' }, 'a configured password is not echoed back');
    const rows = await database.db.selectFrom('users').select(['username', 'role']).execute();
    assert.deepEqual(rows, [{ username: 'ops', role: 'admin' }]);

    const res = await signIn(app, 'ops', 'configured-secret-1');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.role, 'admin');

    assert.equal(await ensureFirstAdmin(database.db, config), undefined);
    assert.equal(await ensureFirstAdmin(database.db, loadConfig({})), undefined);
    assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
  });

  it('two servers starting at once create one admin between them', async () => {
    const { database } = await freshApp();
    const config = loadConfig({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'configured-secret-1' });
    const results = await Promise.all([ensureFirstAdmin(database.db, config), ensureFirstAdmin(database.db, config)]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 1);
  });
});
