import { errors } from '../errors.js';
import { parsePhpArray } from './php-serialize.js';

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;
/** Parameters about the page and the browser; everything else may be a contact field. */
const HIT_KEYS = new Set([
  'page_url', 'page_title', 'page_referrer', 'referrer', 'page_language', 'language', 'counter', 'timezone_offset',
  'resolution', 'platform', 'do_not_track', 'mautic_device_id', 'd', 'ct', 'tags', 'mtc_id', 'url', 'title', ...UTM_KEYS,
]);
const MAX_KEYS = 200;
const MAX_VALUE = 2048;
export const MAX_URL = 8192;

export interface Utm {
  source?: string; medium?: string; campaign?: string; content?: string; term?: string;
}

export interface HitParams {
  readonly pageUrl?: string;
  readonly pageTitle?: string;
  readonly referrer?: string;
  readonly language?: string;
  readonly resolution?: string;
  readonly timezone?: string;
  readonly utm: Utm;
  /** Raw `tags` value: "a,b,-c". */
  readonly tags?: string;
  /** Candidate contact field values; only publicly updatable fields are used. */
  readonly fields: Record<string, string>;
  readonly deviceId?: string;
}

/** Half a UTF-16 pair (JSON can carry one, "\ud800"): PostgreSQL refuses it, and with it a whole batch. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: unknown, max = MAX_VALUE): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  if (typeof first !== 'string') return undefined;
  const cleaned = first.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD').trim();
  return cleaned ? cleaned.slice(0, max) : undefined;
}

function decodeD(raw: string): Record<string, unknown> {
  let decoded: string;
  try {
    decoded = Buffer.from(decodeURIComponent(raw).replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    throw errors.validation({ d: 'is not base64' });
  }
  const trimmed = decoded.trim();
  if (trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
    } catch {
      // reported below
    }
  } else {
    const array = parsePhpArray(trimmed);
    if (array) return array;
  }
  throw errors.validation({ d: 'must be base64 of a JSON object or of a PHP-serialised array' });
}

function queryOf(url: string | undefined): Record<string, string> {
  if (!url?.includes('?')) return {};
  try {
    const result: Record<string, string> = {};
    for (const [key, value] of new URL(url).searchParams) result[key.toLowerCase()] ??= value;
    return result;
  } catch {
    return {};
  }
}

/**
 * Reads a tracking request's parameters (query string and body merged, as Mautic's mtc.js and
 * pixel send them). Explicit parameters win over those inside `d`, which win over those found
 * in the page URL's own query string.
 */
export function parseHitParams(input: Record<string, unknown>): HitParams {
  const keys = Object.keys(input);
  if (keys.length > MAX_KEYS) throw errors.validation({ body: `at most ${MAX_KEYS} parameters` });
  const fromD = typeof input.d === 'string' && input.d ? decodeD(input.d) : {};
  const explicit = { ...fromD, ...input };
  const pageUrl = text(explicit.page_url ?? explicit.url, MAX_URL);
  const merged: Record<string, unknown> = { ...queryOf(pageUrl), ...explicit };

  const utm: Utm = {};
  for (const key of UTM_KEYS) {
    const value = text(merged[key], 255);
    if (value) utm[key.slice(4) as keyof Utm] = value;
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) {
    if (HIT_KEYS.has(key) || !/^[a-z][a-z0-9_]{0,63}$/.test(key)) continue;
    const candidate = text(value);
    if (candidate !== undefined) fields[key] = candidate;
  }
  const deviceId = text(merged.mautic_device_id, 64);
  return {
    pageUrl,
    pageTitle: text(merged.page_title ?? merged.title, 512),
    referrer: text(merged.page_referrer ?? merged.referrer, MAX_URL),
    language: text(merged.page_language ?? merged.language, 35),
    resolution: text(merged.resolution, 20),
    timezone: text(merged.timezone, 64),
    utm,
    tags: text(merged.tags, 2000),
    fields,
    deviceId: deviceId && /^[A-Za-z0-9_-]{16,64}$/.test(deviceId) ? deviceId : undefined,
  };
}
