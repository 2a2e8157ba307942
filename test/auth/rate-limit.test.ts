import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

// A file of its own: the limit is per app, and these attempts would use up other tests' budget.
const t = useTestApp();

const ATTEMPTS_PER_MINUTE = 10;

function attempt(username: string, password: string, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) {
  return t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, payload: { username, password }, ...options });
}

describe('sign-in rate limit', () => {
  it('answers the 11th attempt within a minute from one IP with 429, even with the right password', async () => {
    const user = await t.user();
    for (let i = 1; i <= ATTEMPTS_PER_MINUTE; i++) {
      // Spoofed X-Forwarded-For must not buy more attempts when the proxy is not trusted.
      const res = await attempt(user.username, 'wrong-password', { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      assert.equal(res.statusCode, 401, `attempt ${i}`);
      assert.equal(res.json().error.code, 'invalid_credentials');
    }
    const limited = await attempt(user.username, user.password, { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': '198.51.100.99' } });
    assert.equal(limited.statusCode, 429, limited.body);
    const { error } = limited.json();
    assert.equal(error.code, 'rate_limited');
    assert.equal(typeof error.message, 'string');
    assert.ok(error.message.length > 0);
    assert.deepEqual(Object.keys(limited.json()), ['error']);
    assert.equal(limited.cookies.find((c) => c.name === 'cb_session'), undefined);
    assert.ok(Number(limited.headers['retry-after']) > 0, 'says when to try again');
    const sessions = await t.db.selectFrom('sessions').select('user_id').where('user_id', '=', user.id).execute();
    assert.equal(sessions.length, 0);
  });

  it('counts each IP on its own', async () => {
    const user = await t.user();
    const res = await attempt(user.username, user.password, { remoteAddress: '203.0.113.8' });
    assert.equal(res.statusCode, 200, res.body);
  });

  it('does not limit other routes', async () => {
    for (let i = 0; i < ATTEMPTS_PER_MINUTE + 2; i++) {
      const res = await t.request({ method: 'GET', url: '/api/v1/users/me', remoteAddress: '203.0.113.7' });
      assert.equal(res.statusCode, 200);
    }
  });
});
