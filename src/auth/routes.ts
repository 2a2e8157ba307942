import { errors } from '../errors.js';
import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { presentUser } from '../users/presenter.js';
import * as users from '../users/service.js';
import { SESSION_COOKIE } from './guard.js';
import { SessionJson, SignInBody } from './schema.js';
import * as auth from './service.js';

const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

export function authRoutes(app: App, ctx: AppContext) {
  const tags = ['Auth'];

  app.post('/api/v1/auth/sign-in', {
    config: { public: true, rateLimit: { max: SIGN_IN_ATTEMPTS_PER_MINUTE, timeWindow: 60_000 } },
    schema: { tags, summary: 'Sign in with a password; sets the session cookie', body: SignInBody, response: { 200: SessionJson, ...errorResponses } },
  }, async (request, reply) => {
    const { user, token, csrfToken } = await auth.signIn(ctx.db, request.body.username, request.body.password);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: auth.SESSION_DAYS * 86_400,
    });
    return { user: presentUser(user), csrf_token: csrfToken, method: 'session' as const };
  });

  app.post('/api/v1/auth/sign-out', {
    schema: { tags, summary: 'End the current session', response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await auth.signOut(ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/auth/session', {
    schema: { tags, summary: 'Who is signed in, and the CSRF token for the session', response: { 200: SessionJson, ...errorResponses } },
  }, async (request) => {
    const user = await users.getUser(ctx.db, actor(request).id).catch(() => {
      throw errors.unauthenticated();
    });
    const token = request.cookies[SESSION_COOKIE];
    const session = request.authMethod === 'session' && token ? await auth.sessionUser(ctx.db, token) : undefined;
    return { user: presentUser(user), csrf_token: session?.csrfToken ?? null, method: request.authMethod ?? 'session' };
  });
}
