import assert from 'node:assert/strict';
import { createContext } from '../../src/context.js';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/database.js';
import { buildServer } from '../../src/server.js';

describe('health when the database is gone', () => {
  const db = createDb('postgres://nobody@127.0.0.1:1/none', 1);
  after(() => db.destroy());

  it('answers 503 in the standard error shape', async () => {
    const app = await buildServer(createContext(db, loadConfig({}), {}));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.code, 'unavailable');
    await app.close();
  });
});
