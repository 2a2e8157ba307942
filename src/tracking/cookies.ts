import type { FastifyReply, FastifyRequest } from 'fastify';
import { COOKIE_LEVELS, type Settings } from '../settings/definitions.js';
import { parseCookieLevel } from './gate.js';

/** Mautic's cookie names, so a site moving over keeps its visitors. */
export const DEVICE_COOKIE = 'mautic_device_id';
export const CONTACT_COOKIE = 'mtc_id';
/** Kentico's name for the visitor's cookie level. */
export const LEVEL_COOKIE = 'CMSCookieLevel';
const ONE_YEAR = 365 * 24 * 3600;

const base = (request: FastifyRequest) => {
  const secure = request.protocol === 'https';
  // Browsers drop SameSite=None cookies that are not Secure; on plain http, Lax is what works.
  return { path: '/', secure, sameSite: secure ? 'none' as const : 'lax' as const, httpOnly: false };
};

export function setTrackingCookies(request: FastifyRequest, reply: FastifyReply, deviceId: string, contactId: number) {
  reply.setCookie(DEVICE_COOKIE, deviceId, { ...base(request), maxAge: ONE_YEAR });
  reply.setCookie(CONTACT_COOKIE, String(contactId), base(request));
}

export function clearTrackingCookies(request: FastifyRequest, reply: FastifyReply) {
  for (const name of [DEVICE_COOKIE, CONTACT_COOKIE]) reply.clearCookie(name, base(request));
}

export function setLevelCookie(request: FastifyRequest, reply: FastifyReply, level: number) {
  reply.setCookie(LEVEL_COOKIE, String(level), { ...base(request), maxAge: ONE_YEAR });
}

/** The visitor's own choice, or the site's default level. */
export function cookieLevel(request: FastifyRequest, settings: Settings): number {
  return parseCookieLevel(request.cookies[LEVEL_COOKIE]) ?? COOKIE_LEVELS[settings.default_cookie_level];
}
