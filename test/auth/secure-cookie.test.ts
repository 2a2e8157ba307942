import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

// Behind a TLS-terminating proxy, the proxy's X-Forwarded-Proto tells whether the browser used https.
const t = useTestApp({ TRUST_PROXY: 'true' });

async function signIn(headers: Record<string, string>) {
  return (await signInResponse(headers)).cookie;
}

async function signInResponse(headers: Record<string, string>) {
  const user = await t.user();
  const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, headers,
    payload: { username: user.username, password: user.password } });
  assert.equal(res.statusCode, 200, res.body);
  const cookie = res.cookies.find((c) => c.name === 'cb_session');
  assert.ok(cookie);
  return { cookie, csrf: res.json().csrf_token as string };
}

describe('session cookie behind a trusted proxy', () => {
  it('is Secure when the request came over https', async () => {
    const cookie = await signIn({ 'x-forwarded-proto': 'https' });
    assert.equal(cookie.secure, true);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
  });

  it('is not Secure when the request came over plain http', async () => {
    assert.notEqual((await signIn({ 'x-forwarded-proto': 'http' })).secure, true);
    assert.notEqual((await signIn({})).secure, true);
  });
});

describe('same-site check behind a trusted proxy', () => {
  // The proxy talks to the app under its own name and tells the public one in X-Forwarded-Host.
  const proxied = { host: 'contactbase:8080', 'x-forwarded-host': 'crm.example.com', 'x-forwarded-proto': 'https' };

  it('accepts a session request whose Origin is the public host', async () => {
    const { cookie, csrf } = await signInResponse(proxied);
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', as: null, cookies: { cb_session: cookie.value },
      headers: { ...proxied, origin: 'https://crm.example.com', 'x-csrf-token': csrf }, payload: { firstname: 'Via proxy' } });
    assert.equal(res.statusCode, 201, res.body);
  });

  it('still refuses another site', async () => {
    const { cookie, csrf } = await signInResponse(proxied);
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts', as: null, cookies: { cb_session: cookie.value },
      headers: { ...proxied, origin: 'https://evil.example', 'x-csrf-token': csrf }, payload: { firstname: 'Via proxy' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf_failed');
  });
});
