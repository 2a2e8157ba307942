import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

/** The server on an embedded database in `dataDir`, as `npm start` runs it. */
const start = (dataDir: string, env: Record<string, string> = {}) => startServer({ DATABASE_URL: '', DATA_DIR: dataDir, ...env });
const stop = (server: ServerProcess) => server.stop();

describe('embedded PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-embedded-'));
  fs.chmodSync(dataDir, 0o755);
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on a fresh data directory, keeps data across a restart, and refuses a second server', { timeout: 180_000 }, async () => {
    const first = await start(dataDir, { ADMIN_USERNAME: 'owner', ADMIN_PASSWORD: 'correct horse battery' });
    const auth = { authorization: `Basic ${Buffer.from('owner:correct horse battery').toString('base64')}`, 'content-type': 'application/json' };
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    const created = await fetch(`${first.url}/api/v1/contacts`, { method: 'POST', headers: auth, body: JSON.stringify({ email: 'kept@example.test' }) });
    assert.equal(created.status, 201);
    const { contact } = await created.json() as { contact: { id: number } };

    await assert.rejects(start(dataDir), (error: Error & { output?: string }) => {
      assert.match(error.message, /in use by another running Contactbase/);
      return true;
    });

    assert.equal(await stop(first), 0, 'SIGTERM ends the server cleanly');

    const second = await start(dataDir);
    const read = await fetch(`${second.url}/api/v1/contacts/${contact.id}`, { headers: auth });
    assert.equal(read.status, 200);
    assert.equal(((await read.json()) as { contact: { email: string } }).contact.email, 'kept@example.test');
    assert.equal(await stop(second), 0);
  });

  it('prints a generated admin password once on the first start', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-first-'));
    fs.chmodSync(dir, 0o755);
    try {
      const server = await start(dir, { ADMIN_USERNAME: '', ADMIN_PASSWORD: '' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const match = /sign in as "admin" with the password (\S+)/.exec(server.output());
      assert.ok(match, server.output());
      const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: match[1] }) });
      assert.equal(signIn.status, 200);
      assert.equal(await stop(server), 0);
      const again = await start(dir, { ADMIN_USERNAME: '', ADMIN_PASSWORD: '' });
      assert.doesNotMatch(again.output(), /with the password/);
      await stop(again);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
