import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, errors } from '../errors.js';
import type { App, AppContext } from '../http/app.js';
import { ErrorResponse } from '../http/schemas.js';
import { COOKIE_LEVELS } from '../settings/definitions.js';
import { applyCors } from './cors.js';
import { clearTrackingCookies, cookieLevel, setLevelCookie, setTrackingCookies } from './cookies.js';
import { parseCookieLevel, TRACKING_LEVEL } from './gate.js';
import { parseHitParams } from './params.js';
import { knownDeviceId, recordConsent, trackHit, visitorContact } from './service.js';
import { HitWriter } from './writer.js';

const SCRIPT = fs.readFileSync(new URL('./mtc.js', import.meta.url));
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
const TRACKING_PATHS = ['/mtc/event', '/mtracking.gif', '/mtc', '/mtc/consent'];
export const TRACKING_BODY_LIMIT = 64 * 1024;

const HitAnswer = Type.Object({
  success: Type.Integer(),
  id: Type.Union([Type.Integer(), Type.Null()], { description: 'The visitor\'s contact id; null when not tracked' }),
  sid: Type.Union([Type.String(), Type.Null()]),
  device_id: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(Type.Unknown()),
  tracked: Type.Boolean(),
  reason: Type.Optional(Type.String({ description: 'Why not tracked: origin_not_allowed, cookie_level, do_not_track, private_ip, excluded_ip, bot, signed_in_user' })),
});

/** Form posts as browsers and PHP clients send them; `a[]=1&a[]=2` becomes a list. */
function parseForm(body: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    if (rawKey.endsWith('[]')) {
      const key = rawKey.slice(0, -2);
      const list = Array.isArray(result[key]) ? (result[key] as unknown[]) : [];
      result[key] = [...list, value];
    } else {
      result[rawKey] = value;
    }
  }
  return result;
}

function input(request: FastifyRequest): Record<string, unknown> {
  const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body as Record<string, unknown> : {};
  return { ...(request.query as Record<string, unknown>), ...body };
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'private, no-cache, no-store, must-revalidate').header('pragma', 'no-cache');

/** The public endpoints of Mautic's tracking protocol: they can do only what a visitor may. */
export function trackingRoutes(app: App, ctx: AppContext) {
  const writer = new HitWriter(ctx.db);
  const settings = () => ctx.settings.load(ctx.db);
  app.addHook('onClose', () => writer.drain());

  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: TRACKING_BODY_LIMIT }, (_request, body, done) => done(null, parseForm(body as string)));
    scope.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: TRACKING_BODY_LIMIT }, (_request, body, done) => {
      const text = (body as string).trim();
      try {
        done(null, text.startsWith('{') ? JSON.parse(text) : parseForm(text));
      } catch {
        done(errors.invalidJson('the body is neither JSON nor a form'), undefined);
      }
    });
    const config = { public: true };
    const tags = ['Tracking (public)'];

    scope.get('/mtc.js', { config, schema: { tags, summary: 'The tracking script (Mautic-compatible loader and mt() API)' } }, async (_request, reply) =>
      reply.type('application/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT));

    for (const path of TRACKING_PATHS) {
      scope.options(path, { config, schema: { hide: true } }, async (request, reply) => {
        applyCors(request, reply, (await settings()).tracking_valid_domains);
        return reply.status(204).send();
      });
    }

    scope.route({
      method: ['GET', 'POST'],
      url: '/mtc/event',
      bodyLimit: TRACKING_BODY_LIMIT,
      config,
      schema: { tags, summary: 'Record a page view (what mtc.js sends); answers the visitor\'s contact and device ids', response: { 200: HitAnswer, 400: ErrorResponse, 413: ErrorResponse, 503: ErrorResponse } },
      handler: async (request, reply) => {
        applyCors(request, reply, (await settings()).tracking_valid_domains);
        noStore(reply);
        const result = await trackHit(request, ctx, writer, parseHitParams(input(request)));
        if (!result.tracked) return { success: 1, id: null, sid: null, device_id: null, events: [], tracked: false, reason: result.reason };
        setTrackingCookies(request, reply, result.deviceId, result.contactId);
        return { success: 1, id: result.contactId, sid: result.deviceId, device_id: result.deviceId, events: [], tracked: true };
      },
    });

    scope.route({
      method: ['GET', 'POST'],
      url: '/mtracking.gif',
      bodyLimit: TRACKING_BODY_LIMIT,
      config,
      schema: { tags, summary: 'Tracking pixel: the same parameters as /mtc/event; always answers a 1x1 GIF' },
      handler: async (request, reply) => {
        applyCors(request, reply, (await settings()).tracking_valid_domains);
        try {
          const result = await trackHit(request, ctx, writer, parseHitParams(input(request)));
          if (result.tracked) setTrackingCookies(request, reply, result.deviceId, result.contactId);
        } catch (error) {
          if (!(error instanceof AppError)) request.log.error({ err: error }, 'tracking pixel failed');
        }
        return reply.type('image/gif').header('expires', 'Wed, 11 Jan 2000 12:59:00 GMT').header('cache-control', 'private, no-cache, no-cache=Set-Cookie, proxy-revalidate')
          .header('pragma', 'no-cache').send(GIF);
      },
    });

    scope.get('/mtc', { config, schema: { tags, summary: 'The contact and device ids of this browser, if it is known' } }, async (request, reply) => {
      applyCors(request, reply, (await settings()).tracking_valid_domains);
      noStore(reply);
      const deviceId = knownDeviceId(request, parseHitParams(input(request)));
      const id = await visitorContact(ctx, deviceId);
      return { id: id ?? null, sid: id ? deviceId : null, device_id: id ? deviceId : null };
    });

    scope.post('/mtc/consent', {
      config,
      schema: {
        tags, summary: 'Set the visitor\'s cookie level (none, system, essential, editor, visitor, all, or the number); below visitor, tracking stops and its cookies go',
        body: Type.Object({ level: Type.Union([Type.String({ maxLength: 20 }), Type.Integer()]) }),
        response: { 200: Type.Object({ level: Type.Integer(), tracked: Type.Boolean() }), 400: ErrorResponse },
      },
    }, async (request, reply) => {
      const current = await settings();
      applyCors(request, reply, current.tracking_valid_domains);
      noStore(reply);
      const level = parseCookieLevel((request.body as { level: string | number }).level);
      if (level === undefined || level < COOKIE_LEVELS.none || level > COOKIE_LEVELS.all) {
        throw errors.validation({ level: `must be one of ${Object.keys(COOKIE_LEVELS).join(', ')} or a number from -1000 to 1000` });
      }
      const before = cookieLevel(request, current);
      setLevelCookie(request, reply, level);
      const deviceId = knownDeviceId(request);
      if (level !== before) await recordConsent(ctx, deviceId, before, level);
      if (level < TRACKING_LEVEL) clearTrackingCookies(request, reply);
      return { level, tracked: level >= TRACKING_LEVEL };
    });
  });
}
