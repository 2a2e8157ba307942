import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('HTTP Basic cannot be used to guess passwords', () => {
  it('after 10 failures a minute from one address, even the right password gets 429', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.77' };
    for (let i = 0; i < 10; i++) {
      const res = await t.request({ method: 'GET', url: '/api/v1/users/me', as: null, remoteAddress: '203.0.113.77', headers: { ...headers, authorization: basic(t.admin.username, `wrong-${i}`) } });
      assert.equal(res.statusCode, 401);
    }
    const blocked = await t.request({ method: 'GET', url: '/api/v1/users/me', as: null, remoteAddress: '203.0.113.77', headers: { authorization: basic(t.admin.username, t.admin.password) } });
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().error.code, 'rate_limited');
    assert.match(blocked.json().error.message, /try again in \d+ s/);

    const elsewhere = await t.request({ method: 'GET', url: '/api/v1/users/me', as: null, remoteAddress: '203.0.113.78', headers: { authorization: basic(t.admin.username, t.admin.password) } });
    assert.equal(elsewhere.statusCode, 200);
  });
});

describe('a new password ends the other sessions', () => {
  it('keeps the session that changed it and signs out the rest', async () => {
    const user = await t.user('user');
    const signIn = async (address: string) => {
      const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, remoteAddress: address, payload: { username: user.username, password: user.password } });
      assert.equal(res.statusCode, 200, res.body);
      const cookie = res.cookies.find((c) => c.name === 'cb_session')!.value;
      return { cookie, csrf: res.json().csrf_token as string };
    };
    const mine = await signIn('198.51.100.1');
    const other = await signIn('198.51.100.2');
    const changed = await t.request({
      method: 'PATCH', url: '/api/v1/users/me', as: null,
      cookies: { cb_session: mine.cookie }, headers: { 'x-csrf-token': mine.csrf },
      payload: { current_password: user.password, password: 'a-brand-new-password' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null, cookies: { cb_session: mine.cookie } })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null, cookies: { cb_session: other.cookie } })).statusCode, 401);
  });
});
