import type { FieldOption } from '../db/schema.js';
import { countryName } from './countries.js';

/** The types a custom field can have. `reference` is for built-in links (owner, status). */
export const FIELD_TYPES = [
  'text', 'textarea', 'email', 'phone', 'url', 'number', 'boolean', 'date', 'datetime', 'time',
  'select', 'multiselect', 'country', 'region', 'locale', 'timezone', 'lookup',
] as const;
export type CustomFieldType = (typeof FIELD_TYPES)[number];
export type FieldType = CustomFieldType | 'reference';

export const TEXT_MAX = 255;
export const TEXTAREA_MAX = 65_535;
const EMAIL_PATTERN = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;
const PHONE_PATTERN = /^\+?[0-9 ()./-]{3,}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const timeZones = new Map<string, string>(
  [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]),
);

export interface ValueRule {
  readonly type: FieldType;
  readonly options: readonly FieldOption[];
}

/** A normalised value, or the reason the input was refused (shown to the user as is). */
export type Normalised = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Normalised => ({ ok: true, value });
const fail = (message: string): Normalised => ({ ok: false, message });

/** Values that mean "no value": they clear the field. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0);
}

function text(value: unknown, max: number): Normalised {
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') return fail('must be a string');
  const trimmed = value.trim();
  if (trimmed.includes('\u0000')) return fail('must not contain NUL characters');
  if (trimmed.length > max) return fail(`must be at most ${max} characters`);
  return ok(trimmed);
}

function validDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function date(value: unknown): Normalised {
  if (typeof value !== 'string') return fail('must be a date as YYYY-MM-DD');
  const trimmed = value.trim();
  const match = DATE_PATTERN.exec(trimmed.slice(0, 10));
  if (!match || (trimmed.length > 10 && !/^[T ]/.test(trimmed.slice(10)))) return fail('must be a date as YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!validDate(year, month, day) || year < 1) return fail('is not a real calendar date');
  return ok(match[0]);
}

function datetime(value: unknown): Normalised {
  if (typeof value !== 'string' && typeof value !== 'number') return fail('must be an ISO 8601 date and time');
  const parsed = typeof value === 'number' ? new Date(value) : new Date(value.trim());
  if (Number.isNaN(parsed.getTime()) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value.trim()))) {
    return fail('must be an ISO 8601 date and time, e.g. 2024-05-01T09:30:00Z');
  }
  if (parsed.getUTCFullYear() < 1 || parsed.getUTCFullYear() > 9999) return fail('is out of range');
  return ok(parsed.toISOString());
}

function options(value: unknown, rule: ValueRule): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const wanted = String(value).trim();
  const option = rule.options.find((o) => o.value === wanted) ??
    rule.options.find((o) => o.value.toLowerCase() === wanted.toLowerCase() || o.label.toLowerCase() === wanted.toLowerCase());
  return option?.value;
}

function choices(rule: ValueRule): string {
  const list = rule.options.slice(0, 10).map((o) => o.value).join(', ');
  return rule.options.length > 10 ? `${list}, ...` : list;
}

/** Validates and normalises one non-blank value for a field of the given type. */
export function normaliseValue(rule: ValueRule, value: unknown): Normalised {
  switch (rule.type) {
    case 'text':
    case 'lookup':
    case 'region':
      return text(value, TEXT_MAX);
    case 'textarea':
      return text(value, TEXTAREA_MAX);
    case 'email': {
      const result = text(value, 254);
      if (!result.ok) return result;
      return EMAIL_PATTERN.test(result.value as string) ? result : fail('must be a valid email address');
    }
    case 'phone': {
      const result = text(value, 50);
      if (!result.ok) return result;
      return PHONE_PATTERN.test(result.value as string) ? result : fail('must be a phone number (digits, spaces, + - ( ) .)');
    }
    case 'url': {
      const result = text(value, 2048);
      if (!result.ok) return result;
      const raw = result.value as string;
      const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
      try {
        const url = new URL(candidate);
        if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.')) throw new Error('host');
        return ok(candidate);
      } catch {
        return fail('must be a web address such as https://example.com');
      }
    }
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) return fail('must be a number');
      if (Math.abs(number) > 1e15) return fail('is too large');
      return ok(number);
    }
    case 'boolean': {
      if (typeof value === 'boolean') return ok(value);
      const raw = String(value).trim().toLowerCase();
      if (['1', 'true', 'yes', 'on', 'y', 't'].includes(raw)) return ok(true);
      if (['0', 'false', 'no', 'off', 'n', 'f'].includes(raw)) return ok(false);
      return fail('must be true or false');
    }
    case 'date':
      return date(value);
    case 'datetime':
      return datetime(value);
    case 'time': {
      const match = typeof value === 'string' ? TIME_PATTERN.exec(value.trim()) : null;
      if (!match) return fail('must be a time as HH:MM or HH:MM:SS');
      return ok(`${match[1]}:${match[2]}:${match[3] ?? '00'}`);
    }
    case 'select': {
      const chosen = options(value, rule);
      return chosen === undefined ? fail(`must be one of: ${choices(rule)}`) : ok(chosen);
    }
    case 'multiselect': {
      const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split('|') : [value];
      const chosen: string[] = [];
      for (const item of items) {
        if (isBlank(item)) continue;
        const option = options(item, rule);
        if (option === undefined) return fail(`"${String(item)}" is not one of: ${choices(rule)}`);
        if (!chosen.includes(option)) chosen.push(option);
      }
      return ok(chosen);
    }
    case 'country': {
      const name = typeof value === 'string' ? countryName(value) : undefined;
      return name === undefined ? fail('must be a country name or ISO 3166 code, e.g. "France" or "FR"') : ok(name);
    }
    case 'locale': {
      if (typeof value !== 'string') return fail('must be a locale such as en_US');
      try {
        const [canonical] = Intl.getCanonicalLocales(value.trim().replace(/_/g, '-'));
        if (!canonical || !/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/.test(canonical)) throw new Error('shape');
        return ok(canonical.replace(/-/g, '_'));
      } catch {
        return fail('must be a locale such as en_US');
      }
    }
    case 'timezone': {
      const zone = typeof value === 'string' ? timeZones.get(value.trim().toLowerCase()) : undefined;
      return zone === undefined ? fail('must be an IANA time zone such as Europe/Paris') : ok(zone);
    }
    case 'reference': {
      const id = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return fail('must be an id (a positive whole number)');
      return ok(id);
    }
  }
}
