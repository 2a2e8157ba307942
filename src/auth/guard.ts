import type { FastifyRequest } from 'fastify';
import { AppError, errors } from '../errors.js';
import type { App, AppContext } from '../http/app.js';
import { failedBasicAttempts } from './failures.js';
import * as auth from './service.js';

export const SESSION_COOKIE = 'cb_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DOCS_PATHS = /^\/api\/(docs(\/|$)|v1\/openapi\.json$)/;

/** A browser sends cookies and cached Basic credentials along with cross-site requests too. */
function crossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') return true;
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    // request.host is the public host: X-Forwarded-Host when the proxy is trusted, Host otherwise.
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

async function authenticate(request: FastifyRequest, ctx: AppContext) {
  const header = request.headers.authorization;
  if (header) {
    const [scheme, value = ''] = header.split(' ', 2);
    if (scheme.toLowerCase() === 'bearer') {
      const user = await auth.tokenUser(ctx.db, value.trim());
      if (!user) throw errors.unauthenticated();
      request.authMethod = 'token';
      return user;
    }
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      failedBasicAttempts.check(request.ip);
      const user = colon > 0 ? await auth.basicUser(ctx.db, decoded.slice(0, colon), decoded.slice(colon + 1)) : undefined;
      if (!user) {
        failedBasicAttempts.fail(request.ip);
        throw errors.invalidCredentials();
      }
      if (!SAFE_METHODS.has(request.method) && crossSite(request)) throw errors.forbidden('Cross-site requests are refused');
      request.authMethod = 'basic';
      return user;
    }
    throw errors.unauthenticated();
  }
  const sessionToken = request.cookies[SESSION_COOKIE];
  if (!sessionToken) return undefined;
  const session = await auth.sessionUser(ctx.db, sessionToken);
  if (!session) return undefined;
  if (!SAFE_METHODS.has(request.method) && (request.headers['x-csrf-token'] !== session.csrfToken || crossSite(request))) {
    throw errors.csrf();
  }
  request.authMethod = 'session';
  return session.user;
}

/** Every route needs a signed-in user unless it says `config: { public: true }`. */
export function registerAuthGuard(app: App, ctx: AppContext) {
  app.decorateRequest('user', null);
  app.decorateRequest('authMethod', null);
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    if (config.public) return;
    // On the docs a browser prompts for Basic credentials, and again after wrong ones.
    const challenge = (error: unknown) => {
      if (error instanceof AppError && error.status === 401 && DOCS_PATHS.test(request.url.split('?')[0])) {
        reply.header('www-authenticate', 'Basic realm="Contactbase", charset="UTF-8"');
      }
      return error;
    };
    const user = await authenticate(request, ctx).catch((error: unknown) => {
      throw challenge(error);
    });
    if (!user) throw challenge(errors.unauthenticated());
    request.user = user;
    if (config.role === 'admin' && user.role !== 'admin') throw errors.forbidden('Only admins can do this');
  });
}
