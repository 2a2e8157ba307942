import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashSecret } from '../../src/auth/secrets.js';
import { useTestApp, type TestUser } from '../helpers/app.js';

const t = useTestApp();

function basic(username: string, password: string) {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

async function createToken(as: TestUser, name = 'CRM sync') {
  const res = await t.request({ method: 'POST', url: '/api/v1/tokens', as, payload: { name } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().token as { id: number; name: string; prefix: string; user_id: number; username: string; secret: string; last_used_at: string | null };
}

function me(authorization: string) {
  return t.request({ method: 'GET', url: '/api/v1/users/me', as: null, headers: { authorization } });
}

describe('creating and listing API tokens', () => {
  it('POST answers 201 with the secret, once; GET never shows it', async () => {
    const user = await t.user();
    const token = await createToken(user, 'Zapier');
    assert.equal(token.name, 'Zapier');
    assert.equal(token.user_id, user.id);
    assert.equal(token.username, user.username);
    assert.match(token.secret, /^cb_[A-Za-z0-9_-]{40,}$/);
    assert.ok(token.secret.startsWith(token.prefix), 'the prefix is the start of the secret');
    assert.ok(token.prefix.length < 12, 'the prefix gives too little away to use');
    assert.equal(token.last_used_at, null);

    const list = await t.request({ method: 'GET', url: '/api/v1/tokens', as: user });
    assert.equal(list.statusCode, 200);
    const listed = list.json().tokens.find((x: { id: number }) => x.id === token.id);
    assert.ok(listed);
    assert.equal(listed.name, 'Zapier');
    assert.equal(listed.secret, undefined);
    assert.ok(!list.body.includes(token.secret), 'the secret appears nowhere in the list');
    assert.ok(!list.body.includes(user.token), 'nor does any other secret');
  });

  it('refuses a token without a name, naming the field', async () => {
    for (const payload of [{}, { name: '' }]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/tokens', payload });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.ok(res.json().error.fields.name);
    }
  });

  it('stores only a hash of the secret', async () => {
    const user = await t.user();
    const token = await createToken(user);
    const row = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    assert.deepEqual(row.token_hash, hashSecret(token.secret));
    assert.notDeepEqual(row.token_hash, Buffer.from(token.secret));
    assert.equal(row.token_hash.indexOf(Buffer.from(token.secret)), -1);
    for (const [column, value] of Object.entries(row)) {
      const text = Buffer.isBuffer(value) ? value.toString('utf8') + value.toString('base64') + value.toString('hex') : String(value);
      assert.ok(!text.includes(token.secret), `column ${column} does not hold the secret`);
      assert.ok(!text.includes(token.secret.slice(12)), `column ${column} does not hold the secret's tail`);
    }
  });

  it('a user lists only their own tokens; an admin lists everyone\'s', async () => {
    const alice = await t.user();
    const bob = await t.user();
    const alices = await createToken(alice, 'alice-token');
    const bobs = await createToken(bob, 'bob-token');

    const aliceIds = (await t.request({ method: 'GET', url: '/api/v1/tokens', as: alice })).json().tokens.map((x: { id: number }) => x.id);
    assert.ok(aliceIds.includes(alices.id));
    assert.ok(!aliceIds.includes(bobs.id));
    const ownerIds = new Set((await t.request({ method: 'GET', url: '/api/v1/tokens', as: alice })).json().tokens.map((x: { user_id: number }) => x.user_id));
    assert.deepEqual([...ownerIds], [alice.id]);

    const adminIds = (await t.request({ method: 'GET', url: '/api/v1/tokens' })).json().tokens.map((x: { id: number }) => x.id);
    assert.ok(adminIds.includes(alices.id));
    assert.ok(adminIds.includes(bobs.id));
  });
});

describe('using API tokens', () => {
  it('a new token works as Authorization: Bearer, and its use is recorded', async () => {
    const user = await t.user();
    const token = await createToken(user);
    const res = await me(`Bearer ${token.secret}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.id, user.id);
    const listed = (await t.request({ method: 'GET', url: '/api/v1/tokens', as: user })).json().tokens.find((x: { id: number }) => x.id === token.id);
    assert.ok(listed.last_used_at, 'last_used_at is set once the token is used');
  });

  it('HTTP Basic works with username and password, and with username and token', async () => {
    const user = await t.user();
    const token = await createToken(user);
    const byPassword = await me(basic(user.username, user.password));
    assert.equal(byPassword.statusCode, 200, byPassword.body);
    assert.equal(byPassword.json().user.id, user.id);
    const byToken = await me(basic(user.username, token.secret));
    assert.equal(byToken.statusCode, 200, byToken.body);
    assert.equal(byToken.json().user.id, user.id);

    const session = await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null, headers: { authorization: basic(user.username, token.secret) } });
    assert.equal(session.json().method, 'basic');

    const write = await t.request({ method: 'POST', url: '/api/v1/contacts', as: null, headers: { authorization: basic(user.username, token.secret) }, payload: { firstname: 'Via basic' } });
    assert.equal(write.statusCode, 201, write.body);
  });

  it('HTTP Basic refuses a wrong password, and another user\'s token', async () => {
    const user = await t.user();
    const other = await t.user();
    for (const authorization of [basic(user.username, 'wrong-password'), basic(user.username, other.token), basic('nobody', user.password), basic(user.username, '')]) {
      const res = await me(authorization);
      assert.equal(res.statusCode, 401, authorization);
      assert.equal(res.json().error.code, 'invalid_credentials');
    }
  });

  it('a token is not a password: it does not sign in', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, payload: { username: user.username, password: user.token } });
    assert.equal(res.statusCode, 401);
  });
});

describe('revoking API tokens', () => {
  it('DELETE revokes the token and it stops working at once, as Bearer and as Basic', async () => {
    const user = await t.user();
    const token = await createToken(user);
    // Used first, so the credentials sit in the in-process cache when the token is revoked.
    assert.equal((await me(`Bearer ${token.secret}`)).statusCode, 200);
    assert.equal((await me(basic(user.username, token.secret))).statusCode, 200);

    const res = await t.request({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, as: user });
    assert.equal(res.statusCode, 204, res.body);

    const bearer = await me(`Bearer ${token.secret}`);
    assert.equal(bearer.statusCode, 401);
    assert.equal(bearer.json().error.code, 'unauthenticated');
    assert.equal((await me(basic(user.username, token.secret))).statusCode, 401);

    const row = await t.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', token.id).executeTakeFirstOrThrow();
    assert.ok(row.revoked_at);
    const ids = (await t.request({ method: 'GET', url: '/api/v1/tokens', as: user })).json().tokens.map((x: { id: number }) => x.id);
    assert.ok(!ids.includes(token.id), 'a revoked token is no longer listed');
    // The user's other token is untouched.
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users/me', as: user })).statusCode, 200);
  });

  it('revoking twice, or an unknown id, is 404', async () => {
    const user = await t.user();
    const token = await createToken(user);
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, as: user })).statusCode, 204);
    const again = await t.request({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, as: user });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'not_found');
    assert.equal((await t.request({ method: 'DELETE', url: '/api/v1/tokens/99999999' })).statusCode, 404);
    const bad = await t.request({ method: 'DELETE', url: '/api/v1/tokens/abc' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields.id);
  });

  it('a user cannot revoke another user\'s token (404), and it keeps working', async () => {
    const owner = await t.user();
    const intruder = await t.user();
    const token = await createToken(owner);
    const res = await t.request({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, as: intruder });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
    const row = await t.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', token.id).executeTakeFirstOrThrow();
    assert.equal(row.revoked_at, null);
    assert.equal((await me(`Bearer ${token.secret}`)).statusCode, 200);
  });

  it('an admin can revoke anyone\'s token', async () => {
    const owner = await t.user();
    const token = await createToken(owner);
    assert.equal((await me(`Bearer ${token.secret}`)).statusCode, 200);
    const res = await t.request({ method: 'DELETE', url: `/api/v1/tokens/${token.id}` });
    assert.equal(res.statusCode, 204);
    assert.equal((await me(`Bearer ${token.secret}`)).statusCode, 401);
  });
});
