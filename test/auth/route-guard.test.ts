import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HTTPMethods } from 'fastify';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

/** The admin UI's shell and assets hold no data: everything it shows comes from the API. */
const UI_SHELL = ['GET *', 'HEAD *'];
const PUBLIC = new Set(['GET /healthz', 'HEAD /healthz', 'POST /api/v1/auth/sign-in', ...UI_SHELL]);
/** Mautic's tracking protocol: what any visitor's browser may call. */
const TRACKING = /^[A-Z]+ \/(mtc(\.js|\/event|\/consent)?|mtracking\.gif|form\/submit)$/;
const isPublic = (route: string) => PUBLIC.has(route) || TRACKING.test(route);

/**
 * Every route the app serves, as `METHOD pattern`, read from fastify's route tree so that a
 * route added later is checked without anyone remembering to list it here.
 */
function registeredRoutes(): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2]);
    const path = stack.join('');
    for (const method of match[3].split(', ')) routes.push(`${method} ${path}`);
  }
  return routes;
}

/** A URL that reaches the route: parameters filled in with plausible values. */
function concreteUrl(pattern: string): string {
  return pattern.replace(':id', '1').replace(':alias', 'email').replace(/\*$/, '/static/swagger-ui.css');
}

describe('authentication is required everywhere but on public routes', () => {
  it('reads the route table', () => {
    const routes = registeredRoutes();
    // Representative routes of each domain must be among them, or the parsing above is broken.
    for (const route of [
      'GET /api/v1/contacts', 'POST /api/v1/contacts', 'PATCH /api/v1/contacts/:id', 'DELETE /api/v1/contacts/batch',
      'GET /api/v1/fields', 'DELETE /api/v1/fields/:alias', 'POST /api/v1/statuses', 'DELETE /api/v1/statuses/:id',
      'GET /api/v1/users', 'PATCH /api/v1/users/me', 'DELETE /api/v1/users/:id', 'POST /api/v1/tokens', 'DELETE /api/v1/tokens/:id',
      'GET /api/v1/openapi.json', 'GET /api/docs', 'GET /api/docs/json', 'GET /api/docs/static/index.html', 'GET /healthz',
      'POST /api/v1/auth/sign-in', 'POST /api/v1/auth/sign-out', 'GET /api/v1/auth/session',
    ]) {
      assert.ok(routes.includes(route), `${route} is registered`);
    }
  });

  it('answers 401 unauthenticated without credentials on every non-public route', async () => {
    const routes = registeredRoutes().filter((route) => !isPublic(route));
    assert.ok(routes.length >= 30, `found ${routes.length} routes`);
    for (const route of routes) {
      const [method, pattern] = route.split(' ');
      const res = await t.request({ method: method as HTTPMethods, url: concreteUrl(pattern), as: null });
      assert.equal(res.statusCode, 401, `${route}: ${res.body}`);
      if (method !== 'HEAD') {
        assert.equal(res.json().error.code, 'unauthenticated', route);
        assert.equal(typeof res.json().error.message, 'string');
      }
    }
  });

  it('answers 401 to an unknown bearer token, and to a malformed Authorization header', async () => {
    for (const authorization of ['Bearer cb_not-a-real-token', 'Bearer ', 'Token abc', 'Basic !!!']) {
      for (const [method, url] of [['GET', '/api/v1/contacts'], ['POST', '/api/v1/statuses'], ['GET', '/api/v1/openapi.json']] as const) {
        const res = await t.request({ method, url, as: null, headers: { authorization }, payload: method === 'POST' ? { name: 'Nope' } : undefined });
        assert.equal(res.statusCode, 401, `${authorization} ${method} ${url}`);
      }
    }
    const rows = await t.db.selectFrom('statuses').select('id').where('name', '=', 'Nope').execute();
    assert.equal(rows.length, 0);
  });

  it('serves /healthz without credentials', async () => {
    const res = await t.request({ method: 'GET', url: '/healthz', as: null });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
  });

  it('lets anyone try to sign in', async () => {
    const res = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, payload: { username: 'x', password: 'y' } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'invalid_credentials');
  });

  it('asks a browser for Basic credentials on the docs, and only there', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/index.html', '/api/docs/json', '/api/v1/openapi.json']) {
      const res = await t.request({ method: 'GET', url, as: null });
      assert.equal(res.statusCode, 401, url);
      assert.match(String(res.headers['www-authenticate']), /^Basic /, url);
    }
    const api = await t.request({ method: 'GET', url: '/api/v1/contacts', as: null });
    assert.equal(api.statusCode, 401);
    assert.equal(api.headers['www-authenticate'], undefined);
  });

  it('asks again on the docs after wrong Basic credentials, so the browser can prompt anew', async () => {
    const authorization = `Basic ${Buffer.from(`${t.admin.username}:wrong-password`).toString('base64')}`;
    const res = await t.request({ method: 'GET', url: '/api/docs', as: null, headers: { authorization } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().error.code, 'invalid_credentials');
    assert.match(String(res.headers['www-authenticate']), /^Basic /);
  });

  it('serves the docs and the OpenAPI document to a signed-in user', async () => {
    const user = await t.user();
    const basic = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    const page = await t.request({ method: 'GET', url: '/api/docs', as: null, headers: { authorization: basic } });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const spec = await t.request({ method: 'GET', url: '/api/v1/openapi.json', as: user });
    assert.equal(spec.statusCode, 200);
    assert.equal(spec.json().info.title, 'Contactbase API');
    assert.ok(spec.json().paths['/api/v1/contacts']);
  });
});
