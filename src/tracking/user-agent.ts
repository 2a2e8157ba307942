/**
 * What a User-Agent header says about the visitor: device type, browser, OS, and whether it is
 * a bot. Parsing is ua-parser-js 1.x (MIT; 2.x is AGPL, so the range stays on ^1), bot
 * detection is isbot (Unlicense), whose single pattern covers search engines, SEO and AI
 * crawlers, link previewers, HTTP libraries and headless or audit browsers.
 */
import { isbot } from 'isbot';
import UAParser from 'ua-parser-js';

export type DeviceType = 'desktop' | 'smartphone' | 'tablet' | 'bot' | 'other';

export interface UserAgentInfo {
  readonly deviceType: DeviceType;
  /** Name and major version, e.g. "Chrome 120". */
  readonly browser: string | null;
  /** Name and version, e.g. "iOS 17.0", "Windows 10". */
  readonly os: string | null;
  readonly isBot: boolean;
}

/**
 * Real user agents stay well under 400 characters; parsing no more than this bounds the cost
 * of every regular expression on hostile input.
 */
export const MAX_USER_AGENT_LENGTH = 512;
/** Distinct user agents kept parsed: a site's traffic repeats a few hundred of them. */
const CACHE_SIZE = 2_000;

const DESKTOP_OS = new Set([
  'Windows', 'Mac OS', 'Linux', 'Ubuntu', 'Debian', 'Fedora', 'Mint', 'Arch', 'Gentoo', 'SUSE', 'Red Hat',
  'CentOS', 'Mandriva', 'Slackware', 'Chromium OS', 'FreeBSD', 'OpenBSD', 'NetBSD', 'DragonFly', 'Solaris', 'Haiku',
]);
/** ua-parser-js's name, where another is now the usual one. */
const OS_NAMES: Readonly<Record<string, string>> = { 'Mac OS': 'macOS' };

const cache = new Map<string, UserAgentInfo>();

/**
 * Parses a User-Agent header. Never throws: anything that isn't a string reads as empty, and
 * an empty header (no browser sends one) counts as a bot.
 */
export function parseUserAgent(ua: string): UserAgentInfo {
  const text = typeof ua === 'string' ? clean(ua) : '';
  let info = cache.get(text);
  if (!info) {
    info = parse(text);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(text, info);
  }
  return info;
}

function clean(ua: string): string {
  // Control characters can't appear in a valid header; as spaces they can't hide a token.
  return ua.slice(0, MAX_USER_AGENT_LENGTH).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function parse(ua: string): UserAgentInfo {
  let result: UAParser.IResult | undefined;
  try {
    result = ua ? new UAParser(ua).getResult() : undefined;
  } catch {
    result = undefined;
  }
  const browser = label(result?.browser.name, result?.browser.major);
  const osName = result?.os.name;
  const os = label(osName && (OS_NAMES[osName] ?? osName), result?.os.version);
  const bot = ua === '' || isbot(ua);
  return Object.freeze({ deviceType: bot ? 'bot' : deviceType(ua, result), browser, os, isBot: bot });
}

function label(name: string | undefined, version: string | undefined): string | null {
  if (!name) return null;
  return version ? `${name} ${version}` : name;
}

function deviceType(ua: string, result: UAParser.IResult | undefined): DeviceType {
  switch (result?.device.type) {
    case 'mobile':
      return 'smartphone';
    case 'tablet':
      return 'tablet';
    case undefined:
      break;
    default:
      return 'other'; // smart TV, console, wearable, embedded, XR
  }
  const osName = result?.os.name;
  // An Android browser says "Mobile" on a phone and leaves it out on a tablet.
  if (osName === 'Android') return /\bMobile\b/.test(ua) ? 'smartphone' : 'tablet';
  if (osName && DESKTOP_OS.has(osName)) return 'desktop';
  return 'other';
}
