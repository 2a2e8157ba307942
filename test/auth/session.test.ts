import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { hashSecret } from '../../src/auth/secrets.js';
import { useTestApp, type TestUser } from '../helpers/app.js';

const t = useTestApp();

// A browser's requests carry Host and, for state changes, Origin; light-my-request's default
// Host (localhost:80) never equals what a browser would put in Origin.
const HOST = 'contacts.example.com';
const ORIGIN = `http://${HOST}`;

interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly response: LightMyRequestResponse;
}

// Sign-in is rate limited per IP; each sign-in here comes from an address of its own.
let clients = 0;
function clientAddress() {
  clients++;
  return `10.0.${Math.floor(clients / 250)}.${(clients % 250) + 1}`;
}

function sessionCookie(res: LightMyRequestResponse) {
  return res.cookies.find((c) => c.name === 'cb_session');
}

async function signIn(user: TestUser): Promise<Session> {
  const response = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, headers: { host: HOST }, remoteAddress: clientAddress(),
    payload: { username: user.username, password: user.password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = sessionCookie(response);
  assert.ok(cookie, 'sign-in sets cb_session');
  return { cookie: cookie.value, csrf: response.json().csrf_token, response };
}

/** A request carrying only the session cookie (plus whatever headers are given). */
function withSession(session: Session, options: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object; headers?: Record<string, string> }) {
  return t.request({ ...options, as: null, headers: { host: HOST, ...options.headers }, cookies: { cb_session: session.cookie } });
}

describe('password sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie that is not Secure over plain http', async () => {
    const user = await t.user();
    const { response, csrf } = await signIn(user);
    const cookie = sessionCookie(response)!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.notEqual(cookie.secure, true);
    assert.equal(cookie.path, '/');
    assert.ok(cookie.maxAge && cookie.maxAge > 86_400, 'the session outlives the browser tab');
    assert.equal(response.json().user.username, user.username);
    assert.equal(response.json().user.role, 'user');
    assert.equal(response.json().method, 'session');
    assert.equal(typeof csrf, 'string');
    assert.ok(csrf.length >= 16);
    assert.equal(response.json().user.password_hash, undefined);
  });

  it('does not believe X-Forwarded-Proto when TRUST_PROXY is off', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, remoteAddress: clientAddress(),
      headers: { 'x-forwarded-proto': 'https' }, payload: { username: user.username, password: user.password } });
    assert.equal(res.statusCode, 200);
    assert.notEqual(sessionCookie(res)!.secure, true);
  });

  it('stores only a hash of the session id, and records the sign-in time', async () => {
    const user = await t.user();
    const { cookie, csrf } = await signIn(user);
    const rows = await t.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0].token_hash, hashSecret(cookie));
    assert.notDeepEqual(rows[0].token_hash, Buffer.from(cookie));
    assert.equal(rows[0].csrf_token, csrf);
    const row = await t.db.selectFrom('users').select('last_login_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.ok(row.last_login_at);
  });

  it('signs in whatever the case of the username', async () => {
    const user = await t.user();
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, remoteAddress: clientAddress(),
      payload: { username: user.username.toUpperCase(), password: user.password } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.id, user.id);
  });

  it('answers a wrong password and an unknown user the same way: 401 invalid_credentials, no cookie', async () => {
    const user = await t.user();
    const wrong = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, remoteAddress: clientAddress(),
      payload: { username: user.username, password: `${user.password}x` } });
    const unknown = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, remoteAddress: clientAddress(),
      payload: { username: 'nobody-by-this-name', password: user.password } });
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'invalid_credentials');
      assert.equal(typeof res.json().error.message, 'string');
      assert.equal(sessionCookie(res), undefined);
    }
    assert.deepEqual(wrong.json(), unknown.json());
    const sessions = await t.db.selectFrom('sessions').select('user_id').where('user_id', '=', user.id).execute();
    assert.equal(sessions.length, 0);
  });

  it('refuses a body without a password, naming the field', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, remoteAddress: clientAddress(), payload: { username: 'someone' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'validation_failed');
    assert.ok(res.json().error.fields.password);
  });
});

describe('the session cookie', () => {
  it('GET /api/v1/auth/session returns the user and the csrf token', async () => {
    const user = await t.user();
    const session = await signIn(user);
    const res = await withSession(session, { method: 'GET', url: '/api/v1/auth/session' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.id, user.id);
    assert.equal(res.json().user.username, user.username);
    assert.equal(res.json().csrf_token, session.csrf);
    assert.equal(res.json().method, 'session');
  });

  it('GET /api/v1/auth/session with a bearer token names the method and has no csrf token', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/auth/session' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.id, t.admin.id);
    assert.equal(res.json().method, 'token');
    assert.equal(res.json().csrf_token, null);
  });

  it('without credentials, or with an unknown cookie, GET /api/v1/auth/session is 401', async () => {
    const none = await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, 'unauthenticated');
    const forged = await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null, cookies: { cb_session: 'not-a-session' } });
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().error.code, 'unauthenticated');
  });

  it('reads work with the cookie alone', async () => {
    const session = await signIn(await t.user());
    const res = await withSession(session, { method: 'GET', url: '/api/v1/contacts' });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('a state-changing request without X-CSRF-Token is 403 csrf_failed and changes nothing', async () => {
    const session = await signIn(await t.user());
    const res = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Csrf-missing' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf_failed');
    assert.equal(typeof res.json().error.message, 'string');
    const rows = await t.db.selectFrom('contacts').select('id').where('firstname', '=', 'Csrf-missing').execute();
    assert.equal(rows.length, 0);
  });

  it('a wrong X-CSRF-Token is 403 csrf_failed, also another session\'s token', async () => {
    const session = await signIn(await t.user());
    const other = await signIn(await t.user());
    for (const token of ['wrong', other.csrf, '']) {
      const res = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Csrf-wrong' }, headers: { 'x-csrf-token': token } });
      assert.equal(res.statusCode, 403, `token ${JSON.stringify(token)}`);
      assert.equal(res.json().error.code, 'csrf_failed');
    }
    const rows = await t.db.selectFrom('contacts').select('id').where('firstname', '=', 'Csrf-wrong').execute();
    assert.equal(rows.length, 0);
  });

  it('the right X-CSRF-Token lets a state-changing request through', async () => {
    const user = await t.user();
    const session = await signIn(user);
    const res = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Csrf-right' },
      headers: { 'x-csrf-token': session.csrf, origin: ORIGIN } });
    assert.equal(res.statusCode, 201, res.body);
    const row = await t.db.selectFrom('contacts').select('created_by').where('id', '=', res.json().contact.id).executeTakeFirstOrThrow();
    assert.equal(row.created_by, user.id);
  });

  it('refuses a cross-site request even with the right X-CSRF-Token', async () => {
    const session = await signIn(await t.user());
    const crossOrigin = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Cross-site' },
      headers: { 'x-csrf-token': session.csrf, origin: 'https://evil.example' } });
    assert.equal(crossOrigin.statusCode, 403);
    assert.equal(crossOrigin.json().error.code, 'csrf_failed');

    const opaque = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Cross-site' },
      headers: { 'x-csrf-token': session.csrf, origin: 'null' } });
    assert.equal(opaque.statusCode, 403);

    const fetchMetadata = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Cross-site' },
      headers: { 'x-csrf-token': session.csrf, 'sec-fetch-site': 'cross-site' } });
    assert.equal(fetchMetadata.statusCode, 403);
    assert.equal(fetchMetadata.json().error.code, 'csrf_failed');

    const rows = await t.db.selectFrom('contacts').select('id').where('firstname', '=', 'Cross-site').execute();
    assert.equal(rows.length, 0);
  });

  it('does not believe X-Forwarded-Host when TRUST_PROXY is off', async () => {
    const session = await signIn(await t.user());
    const res = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Forwarded host' },
      headers: { 'x-csrf-token': session.csrf, 'x-forwarded-host': 'evil.example', origin: 'https://evil.example' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf_failed');
  });

  it('refuses a cross-site state change made with HTTP Basic credentials the browser cached', async () => {
    const user = await t.user();
    const basic = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', as: null, payload: { firstname: 'Cross-basic' },
      headers: { host: HOST, authorization: basic, origin: 'https://evil.example' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'forbidden');
    const same = await t.request({ method: 'POST', url: '/api/v1/contacts', as: null, payload: { firstname: 'Same-basic' },
      headers: { host: HOST, authorization: basic, origin: ORIGIN } });
    assert.equal(same.statusCode, 201, same.body);
  });

  it('an expired session no longer signs anyone in', async () => {
    const session = await signIn(await t.user());
    await t.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('token_hash', '=', hashSecret(session.cookie)).execute();
    const res = await withSession(session, { method: 'GET', url: '/api/v1/auth/session' });
    assert.equal(res.statusCode, 401);
  });
});

describe('sign-out', () => {
  it('needs the csrf token like any state change', async () => {
    const session = await signIn(await t.user());
    const res = await withSession(session, { method: 'POST', url: '/api/v1/auth/sign-out' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf_failed');
    assert.equal((await withSession(session, { method: 'GET', url: '/api/v1/auth/session' })).statusCode, 200);
  });

  it('ends the session at once: the cookie is cleared, its row deleted and it no longer works', async () => {
    const user = await t.user();
    const session = await signIn(user);
    // Used once first, so the session sits in the credential cache when it is ended.
    assert.equal((await withSession(session, { method: 'GET', url: '/api/v1/auth/session' })).statusCode, 200);

    const out = await withSession(session, { method: 'POST', url: '/api/v1/auth/sign-out', headers: { 'x-csrf-token': session.csrf } });
    assert.equal(out.statusCode, 204, out.body);
    const cleared = sessionCookie(out);
    assert.ok(cleared, 'sign-out sends a cookie that clears cb_session');
    assert.equal(cleared.value, '');
    assert.ok(cleared.expires && cleared.expires.getTime() <= Date.now(), 'the cleared cookie has expired');

    const rows = await t.db.selectFrom('sessions').select('user_id').where('token_hash', '=', hashSecret(session.cookie)).execute();
    assert.equal(rows.length, 0);
    const after = await withSession(session, { method: 'GET', url: '/api/v1/auth/session' });
    assert.equal(after.statusCode, 401);
    const write = await withSession(session, { method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'After sign-out' }, headers: { 'x-csrf-token': session.csrf } });
    assert.equal(write.statusCode, 401);
  });

  it('ends only its own session', async () => {
    const user = await t.user();
    const first = await signIn(user);
    const second = await signIn(user);
    const out = await withSession(first, { method: 'POST', url: '/api/v1/auth/sign-out', headers: { 'x-csrf-token': first.csrf } });
    assert.equal(out.statusCode, 204);
    assert.equal((await withSession(second, { method: 'GET', url: '/api/v1/auth/session' })).statusCode, 200);
    // The API token keeps working too.
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users/me', as: user })).statusCode, 200);
  });

  it('without any credentials is 401', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-out', as: null });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'unauthenticated');
  });
});

describe('roles', () => {
  it('a user is an admin or a user, and the session tells which', async () => {
    const admin = await t.user('admin');
    const res = await withSession(await signIn(admin), { method: 'GET', url: '/api/v1/auth/session' });
    assert.equal(res.json().user.role, 'admin');
    const bad = await t.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'rooty', password: 'long-enough-1', role: 'root' } });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.fields.role);
  });
});
