/**
 * Typed command values: numbers and periods (dates, times) with comparisons and ranges.
 *
 *   points:10  points:>10  points:>=10  points:<10  points:<=10  points:10..20  points:..20
 *   birthday:1990  birthday:1990-05  birthday:>1990-05-01  created_at:2024-01..2024-03
 *
 * A period (a year, a month, a day, a minute...) is a span: `>p` is after its end, `>=p` from
 * its start, `<p` before its start, `<=p` up to its end, `p` within it.
 */
import { errors } from '../errors.js';
import type { SearchValue } from './registry.js';

export interface Bound<T> {
  readonly value: T;
  readonly inclusive: boolean;
}

export interface Bounds<T> {
  readonly lower?: Bound<T>;
  readonly upper?: Bound<T>;
}

interface Period<T> {
  readonly start: T;
  /** Exclusive. */
  readonly end: T;
}

const COMPARISON = /^(>=|<=|>|<|=)?(.*)$/s;

function split(value: SearchValue): { op: string; operand: string; range?: [string, string] } {
  const [, op = '', operand] = COMPARISON.exec(value.value)!;
  if (!op && operand.includes('..')) {
    const at = operand.indexOf('..');
    return { op: '', operand, range: [operand.slice(0, at), operand.slice(at + 2)] };
  }
  if (op && !operand) throw errors.searchSyntax(`"${value.command}:${op}" needs a value after "${op}"`, value.position);
  return { op, operand };
}

const bad = (value: SearchValue, expected: string) =>
  errors.searchSyntax(`"${value.command}:" takes ${expected}, not "${value.value}"`, value.position);

/** Number bounds; `points:10` is equality (Mautic's prefix match of digits means nothing useful). */
export function numberBounds(value: SearchValue): Bounds<number> {
  const { op, operand, range } = split(value);
  const number = (text: string): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || Math.abs(n) > 1e15) throw bad(value, 'a number, a comparison such as >10 or a range such as 10..20');
    return n;
  };
  if (range) {
    const [from, to] = range;
    if (!from && !to) throw bad(value, 'a range such as 10..20');
    return { lower: from ? { value: number(from), inclusive: true } : undefined, upper: to ? { value: number(to), inclusive: true } : undefined };
  }
  const n = number(operand);
  switch (op) {
    case '>': return { lower: { value: n, inclusive: false } };
    case '>=': return { lower: { value: n, inclusive: true } };
    case '<': return { upper: { value: n, inclusive: false } };
    case '<=': return { upper: { value: n, inclusive: true } };
    default: return { lower: { value: n, inclusive: true }, upper: { value: n, inclusive: true } };
  }
}

/** The same bounds over whole numbers, so that an integer column is compared as one (and its index serves). */
export function wholeBounds(bounds: Bounds<number>): Bounds<number> {
  const { lower, upper } = bounds;
  return {
    lower: lower && { value: lower.inclusive ? Math.ceil(lower.value) : Math.floor(lower.value) + 1, inclusive: true },
    upper: upper && { value: upper.inclusive ? Math.floor(upper.value) : Math.ceil(upper.value) - 1, inclusive: true },
  };
}

function periodBounds<T>(value: SearchValue, parse: (text: string) => Period<T> | undefined, expected: string): Bounds<T> {
  const { op, operand, range } = split(value);
  const period = (text: string) => {
    const parsed = parse(text.trim());
    if (!parsed) throw bad(value, expected);
    return parsed;
  };
  if (range) {
    const [from, to] = range;
    if (!from && !to) throw bad(value, expected);
    return {
      lower: from ? { value: period(from).start, inclusive: true } : undefined,
      upper: to ? { value: period(to).end, inclusive: false } : undefined,
    };
  }
  const p = period(operand);
  switch (op) {
    case '>': return { lower: { value: p.end, inclusive: true } };
    case '>=': return { lower: { value: p.start, inclusive: true } };
    case '<': return { upper: { value: p.start, inclusive: false } };
    case '<=': return { upper: { value: p.end, inclusive: false } };
    default: return { lower: { value: p.start, inclusive: true }, upper: { value: p.end, inclusive: false } };
  }
}

const DATE_TIME = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[t ](\d{1,2})(?::(\d{2})(?::(\d{2}))?)?z?)?)?)?$/;

/** A period in UTC: a year, month, day, hour, minute or second. */
function instantPeriod(text: string): Period<Date> | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const parts = match.slice(1).map((p) => (p === undefined ? undefined : Number(p)));
  const given = parts.filter((p) => p !== undefined).length;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = parts as number[];
  if (year < 1 || year > 9999 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const start = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (year < 100) start.setUTCFullYear(year);
  if (start.getUTCDate() !== day || start.getUTCMonth() !== month - 1) return undefined;
  const end = new Date(start);
  switch (given) {
    case 1: end.setUTCFullYear(year + 1); break;
    case 2: end.setUTCMonth(month); break;
    case 3: end.setUTCDate(day + 1); break;
    case 4: end.setUTCHours(hour + 1); break;
    case 5: end.setUTCMinutes(minute + 1); break;
    default: end.setUTCSeconds(second + 1);
  }
  return { start, end };
}

const DATE_EXPECTED = 'a date such as 2024, 2024-05 or 2024-05-01, a comparison such as >2024-05-01 or a range such as 2024-01..2024-03';

/** Bounds over instants (timestamp columns), as Dates. */
export function instantBounds(value: SearchValue): Bounds<Date> {
  return periodBounds(value, instantPeriod, DATE_EXPECTED);
}

/** Bounds over ISO 8601 UTC timestamps stored as text (custom datetime fields), which compare as text. */
export function isoBounds(value: SearchValue): Bounds<string> {
  return periodBounds(value, (text) => {
    const p = instantPeriod(text);
    return p && { start: p.start.toISOString(), end: p.end.toISOString() };
  }, DATE_EXPECTED);
}

/** Bounds over calendar days as YYYY-MM-DD text (date columns and custom date fields). */
export function dayBounds(value: SearchValue): Bounds<string> {
  return periodBounds(value, (text) => {
    if (/[t ]/.test(text)) return undefined;
    const p = instantPeriod(text);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return p && { start: day(p.start), end: day(p.end) };
  }, DATE_EXPECTED);
}

const TIME = /^(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?$/;

/** Bounds over times of day as HH:MM:SS text. */
export function timeBounds(value: SearchValue): Bounds<string> {
  return periodBounds(value, (text) => {
    const match = TIME.exec(text);
    if (!match) return undefined;
    const [h, m, s] = [Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3])];
    if (h > 23 || (m ?? 0) > 59 || (s ?? 0) > 59) return undefined;
    const seconds = h * 3600 + (m ?? 0) * 60 + (s ?? 0);
    const span = s !== undefined ? 1 : m !== undefined ? 60 : 3600;
    const clock = (t: number) => [Math.floor(t / 3600), Math.floor(t / 60) % 60, t % 60].map((n) => String(n).padStart(2, '0')).join(':');
    return { start: clock(seconds), end: clock(seconds + span) };
  }, 'a time such as 09, 09:30 or 09:30:15, a comparison such as >09:30 or a range such as 09..12');
}

const TRUE = ['1', 'true', 'yes', 'on', 'y', 't'];
const FALSE = ['0', 'false', 'no', 'off', 'n', 'f'];

export function booleanValue(value: SearchValue): boolean {
  if (TRUE.includes(value.value)) return true;
  if (FALSE.includes(value.value)) return false;
  throw bad(value, 'yes or no (1/0, true/false, on/off)');
}
