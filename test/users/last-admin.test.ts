import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

// A file of its own, so that the number of admins is known: t.admin is the only one at first.
const t = useTestApp();

async function admins() {
  return (await t.db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').execute()).map((u) => u.id);
}

describe('the last admin', () => {
  it('cannot be deleted (409)', async () => {
    assert.deepEqual(await admins(), [t.admin.id]);
    const res = await t.request({ method: 'DELETE', url: `/api/v1/users/${t.admin.id}` });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().error.code, 'conflict');
    assert.deepEqual(await admins(), [t.admin.id]);
  });

  it('cannot be made a user (409 naming role)', async () => {
    const res = await t.request({ method: 'PATCH', url: `/api/v1/users/${t.admin.id}`, payload: { role: 'user', first_name: 'Still admin' } });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(res.json().error.code, 'conflict');
    assert.ok(res.json().error.fields.role);
    const row = await t.db.selectFrom('users').select(['role', 'first_name']).where('id', '=', t.admin.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { role: 'admin', first_name: 'Test' }, 'nothing of the request was applied');
  });

  it('may keep the role it has', async () => {
    const res = await t.request({ method: 'PATCH', url: `/api/v1/users/${t.admin.id}`, payload: { role: 'admin' } });
    assert.equal(res.statusCode, 200);
  });

  it('one of two admins can be deleted or demoted, then the other is the last', async () => {
    const second = await t.user('admin');
    const demote = await t.request({ method: 'PATCH', url: `/api/v1/users/${second.id}`, payload: { role: 'user' } });
    assert.equal(demote.statusCode, 200, demote.body);
    assert.equal(demote.json().user.role, 'user');
    assert.deepEqual(await admins(), [t.admin.id]);

    const third = await t.user('admin');
    // An admin may remove another admin, even while signed in as that one.
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/users/${t.admin.id}`, as: third });
    assert.equal(removed.statusCode, 204, removed.body);
    assert.deepEqual(await admins(), [third.id]);
    const last = await t.request({ method: 'DELETE', url: `/api/v1/users/${third.id}`, as: third });
    assert.equal(last.statusCode, 409);
    assert.deepEqual(await admins(), [third.id]);
  });

  it('two admins removing each other at the same moment leave one admin', async () => {
    const current = await admins();
    assert.equal(current.length, 1);
    const a = await t.user('admin');
    const b = await t.user('admin');
    // The existing admin steps down so that a and b are the only ones.
    const stepDown = await t.request({ method: 'PATCH', url: `/api/v1/users/${current[0]}`, as: a, payload: { role: 'user' } });
    assert.equal(stepDown.statusCode, 200, stepDown.body);
    assert.deepEqual(await admins(), [a.id, b.id]);

    const results = await Promise.all([
      t.request({ method: 'DELETE', url: `/api/v1/users/${b.id}`, as: a }),
      t.request({ method: 'PATCH', url: `/api/v1/users/${a.id}`, as: b, payload: { role: 'user' } }),
    ]);
    const statuses = results.map((r) => r.statusCode);
    // The loser is refused (409), or no longer signed in or an admin (401, 403); never a 500.
    assert.ok(statuses.every((s) => [200, 204, 401, 403, 409].includes(s)), `${statuses}`);
    assert.ok(statuses.filter((s) => s === 200 || s === 204).length <= 1, `at most one succeeds: ${statuses}`);
    assert.equal((await admins()).length, 1, `one admin is left: ${statuses}`);
  });
});
