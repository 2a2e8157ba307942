import Fastify, { LogController } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { activityRoutes } from './activity/routes.js';
import { registerAuthGuard } from './auth/guard.js';
import { errors } from './errors.js';
import { exportRoutes } from './exports/routes.js';
import { authRoutes } from './auth/routes.js';
import { contactRoutes } from './contacts/routes.js';
import { fieldRoutes } from './fields/routes.js';
import { formRoutes } from './forms/routes.js';
import { healthRoutes } from './health/routes.js';
import { identityRoutes } from './identity/routes.js';
import { importRoutes } from './imports/routes.js';
import { jobRoutes } from './jobs/routes.js';
import type { App, AppContext } from './http/app.js';
import { registerErrorHandling } from './http/error-handler.js';
import { registerOpenApi } from './http/openapi.js';
import { validatorCompiler } from './http/validation.js';
import { settingsRoutes } from './settings/routes.js';
import { statusRoutes } from './statuses/routes.js';
import { tagRoutes } from './tags/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { trackingRoutes } from './tracking/routes.js';
import { userRoutes } from './users/routes.js';
import { webRoutes } from './web/routes.js';

export const BODY_LIMIT = 1024 * 1024;

/** Assembles the HTTP app from the domains' routes; nothing else. */
export async function buildServer(ctx: AppContext, logger: Logger | false = false): Promise<App> {
  const app = Fastify({
    loggerInstance: logger || undefined,
    trustProxy: ctx.config.trustProxy,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
    // The tracking pixel carries the page's parameters in its URL; allow 64 KB of them.
    http: { maxHeaderSize: 96 * 1024 },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  registerErrorHandling(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false, errorResponseBuilder: (_request, context) => errors.rateLimited(Math.ceil(context.ttl / 1000)) });
  registerAuthGuard(app, ctx);
  await registerOpenApi(app);

  for (const routes of [healthRoutes, authRoutes, userRoutes, tokenRoutes, statusRoutes, fieldRoutes, settingsRoutes, contactRoutes, identityRoutes, activityRoutes, tagRoutes, jobRoutes, importRoutes, exportRoutes, formRoutes, trackingRoutes, webRoutes]) {
    routes(app, ctx);
  }

  // PHP's curl sends an empty "Expect:" header; Node would answer 417 without this listener.
  app.server.on('checkExpectation', (request, response) => app.server.emit('request', request, response));
  return app;
}
