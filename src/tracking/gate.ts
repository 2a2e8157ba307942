import { COOKIE_LEVELS, type Settings } from '../settings/definitions.js';
import { isValidOrigin } from './cors.js';
import { ipMatcher, isPrivateIp } from './ip.js';

export const TRACKING_LEVEL = COOKIE_LEVELS.visitor;

export type NotTrackedReason = 'origin_not_allowed' | 'cookie_level' | 'do_not_track' | 'private_ip' | 'excluded_ip' | 'bot' | 'signed_in_user';

export interface Visit {
  /** The site the request comes from (Origin, else the Referer's origin), when the browser says. */
  readonly origin: string | undefined;
  readonly ip: string | undefined;
  readonly isBot: boolean;
  readonly doNotTrack: boolean;
  readonly cookieLevel: number;
  readonly signedInUser: boolean;
}

let cachedList: readonly string[] | undefined;
let cachedMatcher: (ip: string) => boolean = () => false;

/** Why this visit must not be tracked, or undefined when it may be. Untracked visits store nothing. */
export function whyNotTracked(settings: Settings, visit: Visit): NotTrackedReason | undefined {
  if (visit.signedInUser) return 'signed_in_user';
  // With valid domains set, a page elsewhere cannot track through the pixel either.
  if (visit.origin && settings.tracking_valid_domains.length > 0 && !isValidOrigin(visit.origin, settings.tracking_valid_domains)) {
    return 'origin_not_allowed';
  }
  if (visit.cookieLevel < TRACKING_LEVEL) return 'cookie_level';
  if (visit.doNotTrack && settings.respect_do_not_track) return 'do_not_track';
  if (visit.isBot && !settings.track_bots) return 'bot';
  if (visit.ip) {
    if (cachedList !== settings.do_not_track_ips) {
      cachedList = settings.do_not_track_ips;
      cachedMatcher = ipMatcher(settings.do_not_track_ips);
    }
    if (cachedMatcher(visit.ip)) return 'excluded_ip';
    if (isPrivateIp(visit.ip) && !settings.track_private_ips) return 'private_ip';
  }
  return undefined;
}

/** A cookie level from its number or its name; undefined when neither. */
export function parseCookieLevel(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value !== 'string') return undefined;
  const named = COOKIE_LEVELS[value.trim().toLowerCase() as keyof typeof COOKIE_LEVELS];
  if (named !== undefined) return named;
  return /^-?\d{1,5}$/.test(value.trim()) ? Number(value) : undefined;
}
