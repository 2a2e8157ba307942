import type { Contact } from '../api/types';

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** How a contact is called: by name, then email or company; a nameless visitor by number. */
export function contactName(contact: Contact): string {
  return (
    text(contact.full_name) ??
    text(contact.email) ??
    text(contact.company) ??
    (contact.anonymous ? `Visitor #${contact.id}` : `Contact #${contact.id}`)
  );
}

/** City, region and country, as far as they are known. */
export function contactLocation(contact: Contact): string {
  return [text(contact.city), text(contact.state), text(contact.country)].filter(Boolean).join(', ');
}

/** Letters for an avatar: initials of the name, else of the email. */
export function initials(contact: Contact): string {
  const name = text(contact.full_name);
  if (name) {
    const parts = name.split(/\s+/);
    return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
  }
  const email = text(contact.email);
  return email ? email[0].toUpperCase() : '';
}

const AVATAR_COLORS = ['indigo', 'teal', 'grape', 'orange', 'cyan', 'pink', 'lime', 'violet', 'blue', 'green'];
export function avatarColor(seed: string | number): string {
  const key = String(seed);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return AVATAR_COLORS[hash % AVATAR_COLORS.length];
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const numbers = new Intl.NumberFormat();

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** A YYYY-MM-DD date, read as a calendar day (no time zone shift). */
export function formatDate(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return dateOnly.format(new Date(y, m - 1, d));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400], ['month', 30 * 86_400], ['week', 7 * 86_400], ['day', 86_400], ['hour', 3600], ['minute', 60],
];

/** "3 days ago", "in 2 hours", "now". */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (Number.isNaN(seconds)) return iso;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export function formatNumber(value: number): string {
  return numbers.format(value);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
