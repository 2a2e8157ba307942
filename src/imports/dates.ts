const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  januar: 1, februar: 2, maerz: 3, märz: 3, mai: 5, juni: 6, juli: 7, oktober: 10, dezember: 12,
  janvier: 1, fevrier: 2, février: 2, mars: 3, avril: 4, juin: 6, juillet: 7, aout: 8, août: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12, décembre: 12,
};

const TIME = /^(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([ap]\.?m\.?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?\s*$/i;

export interface ParsedDate {
  readonly date: string;
  /** HH:MM:SS when the text had a time. */
  readonly time?: string;
  /** Z or ±HH:MM when the text named its zone. */
  readonly zone?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function fullYear(text: string): number {
  const year = Number(text);
  if (text.length > 2) return year;
  return year < 70 ? 2000 + year : 1900 + year; // PHP's strtotime rule for two-digit years
}

function real(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function time(rest: string): { time?: string; zone?: string } | undefined {
  const match = TIME.exec(rest);
  if (!match) return undefined;
  if (match[1] === undefined) return {};
  let hours = Number(match[1]);
  const meridiem = match[4]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  const minutes = Number(match[2]);
  const seconds = Number(match[3] ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let zone = match[5]?.toUpperCase();
  if (zone === 'UTC' || zone === 'GMT') zone = 'Z';
  else if (zone && zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return { time: `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`, zone };
}

/** [year, month, day, rest] from the date formats people type and spreadsheets write. */
function dayMonthYear(text: string): [number, number, number, string] | undefined {
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(.*)$/.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4]];
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), ''];
  // Slashes are month first, as in the US and PHP's strtotime, unless the first number cannot be a month.
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d])(.*)$/.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return a > 12 ? [fullYear(m[3]), b, a, m[4]] : [fullYear(m[3]), a, b, m[4]];
  }
  // Dots and dashes are day first, as in Europe.
  m = /^(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})(?![\d])(.*)$/.exec(text);
  if (m) return [fullYear(m[3]), Number(m[2]), Number(m[1]), m[4]];
  m = /^(\d{1,2})(?:st|nd|rd|th)?\.?[\s-]+([\p{L}]+)\.?,?[\s-]+(\d{4})(.*)$/u.exec(text);
  if (m && MONTHS[m[2].toLowerCase()]) return [Number(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1]), m[4]];
  m = /^([\p{L}]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(.*)$/u.exec(text);
  if (m && MONTHS[m[1].toLowerCase()]) return [Number(m[3]), MONTHS[m[1].toLowerCase()], Number(m[2]), m[4]];
  return undefined;
}

/**
 * A date (and time, if any) in the common formats: 2024-03-31, 2024/03/31, 20240331,
 * 31.03.2024, 31-03-2024, 03/31/2024 (31/03/2024 when the first number cannot be a month),
 * 31 March 2024, March 31, 2024, each with an optional time such as 14:30, 2:30 pm or
 * T14:30:00+02:00. Undefined when the text is none of them or not a real day.
 */
export function parseDate(text: string): ParsedDate | undefined {
  const parts = dayMonthYear(text.trim());
  if (!parts) return undefined;
  const [year, month, day, rest] = parts;
  if (!real(year, month, day)) return undefined;
  const clock = time(rest);
  if (!clock) return undefined;
  return { date: `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`, ...clock };
}

/** Spreadsheet placeholders for "no date", which Mautic ignores rather than refuses. */
export function isZeroDate(text: string): boolean {
  return /^0{4}-0{2}-0{2}([ T]0{2}:0{2}(:0{2})?)?$/.test(text.trim());
}
