import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HTTPMethods } from 'fastify';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

describe('admin-only routes', () => {
  it('a plain user gets 403 forbidden on user management, and nothing changes', async () => {
    const user = await t.user();
    const victim = await t.user();
    const attempts: [HTTPMethods, string, object?][] = [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { username: 'sneaky', password: 'long-enough-1', role: 'admin' }],
      ['GET', `/api/v1/users/${victim.id}`],
      ['PATCH', `/api/v1/users/${victim.id}`, { first_name: 'Hacked' }],
      ['PATCH', `/api/v1/users/${user.id}`, { role: 'admin' }],
      ['DELETE', `/api/v1/users/${victim.id}`],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await t.request({ method, url, payload, as: user });
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().error.code, 'forbidden');
      assert.equal(typeof res.json().error.message, 'string');
    }
    assert.equal(await t.db.selectFrom('users').select('id').where('username', '=', 'sneaky').executeTakeFirst(), undefined);
    const rows = await t.db.selectFrom('users').select(['id', 'role', 'first_name']).where('id', 'in', [user.id, victim.id]).orderBy('id').execute();
    assert.deepEqual(rows, [{ id: user.id, role: 'user', first_name: 'Test' }, { id: victim.id, role: 'user', first_name: 'Test' }]);
  });

  it('a plain user gets 403 creating or changing statuses and fields, and may read them', async () => {
    const user = await t.user();
    const status = (await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'Admin made' } })).json().status;
    const attempts: [HTTPMethods, string, object?][] = [
      ['POST', '/api/v1/statuses', { name: 'By a user' }],
      ['PATCH', `/api/v1/statuses/${status.id}`, { name: 'Renamed by a user' }],
      ['DELETE', `/api/v1/statuses/${status.id}`],
      ['POST', '/api/v1/fields', { alias: 'by_a_user', label: 'By a user', type: 'text' }],
      ['PATCH', '/api/v1/fields/email', { label: 'Renamed' }],
      ['DELETE', '/api/v1/fields/city'],
    ];
    for (const [method, url, payload] of attempts) {
      const res = await t.request({ method, url, payload, as: user });
      assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
      assert.equal(res.json().error.code, 'forbidden');
    }
    assert.deepEqual((await t.db.selectFrom('statuses').select('name').execute()).map((s) => s.name), ['Admin made']);
    assert.equal(await t.db.selectFrom('fields').select('id').where('alias', '=', 'by_a_user').executeTakeFirst(), undefined);
    assert.ok(await t.db.selectFrom('fields').select('id').where('alias', '=', 'city').executeTakeFirst());

    for (const url of ['/api/v1/statuses', `/api/v1/statuses/${status.id}`, '/api/v1/fields', '/api/v1/fields/email']) {
      assert.equal((await t.request({ method: 'GET', url, as: user })).statusCode, 200, url);
    }
  });

  it('a change of role takes effect at once', async () => {
    const promoted = await t.user();
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', as: promoted })).statusCode, 403);
    assert.equal((await t.request({ method: 'PATCH', url: `/api/v1/users/${promoted.id}`, payload: { role: 'admin' } })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', as: promoted })).statusCode, 200);
    assert.equal((await t.request({ method: 'PATCH', url: `/api/v1/users/${promoted.id}`, payload: { role: 'user' } })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', as: promoted })).statusCode, 403);
  });
});
