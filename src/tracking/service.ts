import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../auth/guard.js';
import { sessionUser } from '../auth/service.js';
import { recordEvent } from '../activity/service.js';
import { parseContactInput } from '../contacts/input.js';
import type { AppContext } from '../http/app.js';
import { newDeviceId } from '../identity/devices.js';
import { identify } from '../identity/identify.js';
import { findDevice } from '../identity/service.js';
import type { Settings } from '../settings/definitions.js';
import { changeContactTags, parseTagChanges } from '../tags/service.js';
import { cookieLevel, DEVICE_COOKIE } from './cookies.js';
import { whyNotTracked, type NotTrackedReason } from './gate.js';
import { locateLoaded } from './geo.js';
import { anonymiseIp, normaliseIp } from './ip.js';
import type { HitParams } from './params.js';
import { parseUserAgent } from './user-agent.js';
import type { HitWriter } from './writer.js';

export type TrackResult =
  | { readonly tracked: false; readonly reason: NotTrackedReason }
  | { readonly tracked: true; readonly contactId: number; readonly deviceId: string };

const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** The device id the browser already has: its cookie, else what the script kept in local storage. */
export function knownDeviceId(request: FastifyRequest, params?: HitParams): string | undefined {
  const cookie = request.cookies[DEVICE_COOKIE];
  if (cookie && DEVICE_ID.test(cookie)) return cookie;
  return params?.deviceId;
}

function requestOrigin(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

async function signedInUser(request: FastifyRequest, ctx: AppContext): Promise<boolean> {
  const token = request.cookies[SESSION_COOKIE];
  return Boolean(token && (await sessionUser(ctx.db, token)));
}

/** Whether this request may be tracked at all, and the facts that decided it. */
export async function assess(request: FastifyRequest, ctx: AppContext, settings: Settings) {
  const userAgent = String(request.headers['user-agent'] ?? '').slice(0, 1000);
  const agent = parseUserAgent(userAgent);
  const ip = normaliseIp(request.ip);
  const reason = whyNotTracked(settings, {
    // Only a valid domains list needs the origin; reading it parses the Referer.
    origin: settings.tracking_valid_domains.length > 0 ? requestOrigin(request) : undefined,
    ip,
    isBot: agent.isBot,
    doNotTrack: request.headers.dnt === '1' || request.headers['sec-gpc'] === '1',
    cookieLevel: cookieLevel(request, settings),
    signedInUser: await signedInUser(request, ctx),
  });
  return { reason, userAgent, agent, ip };
}

function hitData(params: HitParams, deviceId: string, ip: string | undefined, userAgent: string, agent: ReturnType<typeof parseUserAgent>) {
  const data: Record<string, unknown> = {
    url: params.pageUrl ?? null,
    title: params.pageTitle ?? null,
    referrer: params.referrer ?? null,
    language: params.language ?? null,
    device_id: deviceId,
    ip: ip ?? null,
    user_agent: userAgent || null,
    device: { type: agent.deviceType, browser: agent.browser, os: agent.os },
  };
  if (params.resolution) data.resolution = params.resolution;
  if (params.timezone) data.timezone = params.timezone;
  if (Object.keys(params.utm).length > 0) data.utm = params.utm;
  return data;
}

/**
 * Records a page view (script, pixel or app): finds or creates the visitor's contact by its
 * device, identifies it when publicly updatable identifier fields arrive, applies tags, and
 * writes the hit through the group-commit writer. Stores nothing for visitors who may not be
 * tracked.
 */
export async function trackHit(request: FastifyRequest, ctx: AppContext, writer: HitWriter, params: HitParams): Promise<TrackResult> {
  const settings = await ctx.settings.load(ctx.db);
  const { reason, userAgent, agent, ip } = await assess(request, ctx, settings);
  if (reason) return { tracked: false, reason };

  const fields = await ctx.fields.load(ctx.db);
  const publicValues = Object.fromEntries(Object.entries(params.fields).filter(([alias]) => fields.byAlias.get(alias)?.publiclyUpdatable));
  const changes = parseContactInput(fields, publicValues, 'patch');
  const tags = parseTagChanges(params.tags);
  const deviceId = knownDeviceId(request, params) ?? newDeviceId();

  let contactId: number | undefined;
  if (Object.keys(publicValues).length > 0) {
    contactId = (await identify(ctx.db, fields, settings, { deviceId, changes, userAgent, source: 'tracking' })).contact.id;
  }
  const storedIp = ip && settings.anonymize_ip ? anonymiseIp(ip) : ip;
  const location = ip ? await locateLoaded(ip) : undefined;
  const data = hitData(params, deviceId, storedIp, userAgent, agent);
  const events = [{ type: 'page.hit', data }];
  if (data.utm) events.push({ type: 'utm.recorded', data: { ...params.utm, url: data.url } });
  const written = await writer.write({
    deviceId,
    contactId,
    at: new Date(),
    ip: storedIp,
    location: location && { city: location.city, state: location.state, country: location.country, latitude: location.latitude, longitude: location.longitude },
    userAgent: userAgent || null,
    device: { deviceType: agent.deviceType, browser: agent.browser, os: agent.os },
    events,
  });
  if (tags.add.length > 0 || tags.remove.length > 0) {
    await ctx.db.transaction().execute((trx) => changeContactTags(trx, written.contactId, tags));
  }
  return { tracked: true, ...written };
}

/** The contact behind the browser's device id, without creating anything. */
export async function visitorContact(ctx: AppContext, deviceId: string | undefined): Promise<number | undefined> {
  if (!deviceId) return undefined;
  return (await findDevice(ctx.db, deviceId))?.contact_id;
}

/** Records a visitor's change of cookie level on their contact, when they have one. */
export async function recordConsent(ctx: AppContext, deviceId: string | undefined, from: number, to: number) {
  const contactId = await visitorContact(ctx, deviceId);
  if (contactId !== undefined) await recordEvent(ctx.db, contactId, 'consent.changed', { cookie_level_from: from, cookie_level_to: to });
}
