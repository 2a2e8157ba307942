import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

function whoAmI(username: string, password: string) {
  const authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return t.request({ method: 'GET', url: '/api/v1/users/me', as: null, headers: { authorization } });
}

describe('your own profile', () => {
  it('GET /api/v1/users/me answers the signed-in user, also for a plain user', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'GET', url: '/api/v1/users/me', as: user });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.id, user.id);
    assert.equal(res.json().user.username, user.username);
    assert.equal(res.json().user.role, 'user');
    assert.equal(res.json().user.password_hash, undefined);
  });

  it('PATCH /api/v1/users/me changes names and email without a password', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'PATCH', url: '/api/v1/users/me', as: user, payload: { first_name: 'Jo', last_name: 'March', email: 'jo@example.org' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.first_name, 'Jo');
    const row = await t.db.selectFrom('users').select(['first_name', 'last_name', 'email']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { first_name: 'Jo', last_name: 'March', email: 'jo@example.org' });
  });

  it('changes the password only with the right current_password', async () => {
    const user = await t.user();
    const before = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();

    const missing = await t.request({ method: 'PATCH', url: '/api/v1/users/me', as: user, payload: { password: 'brand-new-password' } });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'validation_failed');
    assert.ok(missing.json().error.fields.current_password);

    const wrong = await t.request({ method: 'PATCH', url: '/api/v1/users/me', as: user, payload: { password: 'brand-new-password', current_password: 'not-my-password', first_name: 'Changed' } });
    assert.equal(wrong.statusCode, 400);
    assert.ok(wrong.json().error.fields.current_password);

    const unchanged = await t.db.selectFrom('users').select(['password_hash', 'first_name']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.deepEqual(unchanged, { password_hash: before.password_hash, first_name: 'Test' });
    assert.equal((await whoAmI(user.username, user.password)).statusCode, 200);

    const right = await t.request({ method: 'PATCH', url: '/api/v1/users/me', as: user, payload: { password: 'brand-new-password', current_password: user.password } });
    assert.equal(right.statusCode, 200, right.body);
    assert.equal((await whoAmI(user.username, user.password)).statusCode, 401, 'the old password stops working at once');
    assert.equal((await whoAmI(user.username, 'brand-new-password')).statusCode, 200);
    // The API token is not a password and keeps working.
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users/me', as: user })).statusCode, 200);
  });

  it('refuses a new password shorter than 8 characters, naming password', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'PATCH', url: '/api/v1/users/me', as: user, payload: { password: 'short', current_password: user.password } });
    assert.equal(res.statusCode, 400);
    assert.ok(res.json().error.fields.password);
    assert.equal((await whoAmI(user.username, user.password)).statusCode, 200);
  });

  it('cannot change one\'s own role or username', async () => {
    const user = await t.user();
    for (const payload of [{ role: 'admin' }, { username: 'renamed' }]) {
      const res = await t.request({ method: 'PATCH', url: '/api/v1/users/me', as: user, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.ok(res.json().error.fields[Object.keys(payload)[0]]);
    }
    const row = await t.db.selectFrom('users').select(['role', 'username']).where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { role: 'user', username: user.username });
  });
});
