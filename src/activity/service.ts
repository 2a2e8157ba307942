import type { Db } from '../db/database.js';
import * as repo from './repo.js';

/** Event types written by the server itself. */
export const EVENT_TYPES = {
  created: 'contact.created',
  identified: 'contact.identified',
  merged: 'contact.merged',
  unmerged: 'contact.unmerged',
  pointsChanged: repo.POINTS_CHANGED,
  imported: repo.CONTACT_IMPORTED,
} as const;

/** The last 26 weeks (six months) unless asked otherwise. */
export const ENGAGEMENT_WEEKS = { default: 26, max: 104 } as const;

export function engagementByWeek(db: Db, contactId: number, weeks: number = ENGAGEMENT_WEEKS.default) {
  return repo.engagementByWeek(db, contactId, weeks);
}

/** Appends to a contact's timeline; call it inside the transaction of the change it records. */
export function recordEvent(db: Db, contactId: number, type: string, data: Record<string, unknown> = {}, occurredAt?: Date) {
  return repo.insertEvent(db, contactId, type, data, occurredAt);
}

/** Appends one event to each of several timelines in one statement, inside the change's transaction. */
export function recordEvents(db: Db, rows: readonly { contactId: number; type: string; data: Record<string, unknown> }[]) {
  return repo.insertEvents(db, rows);
}

export async function listEvents(db: Db, contactId: number, offset: number, limit: number, types?: string[]) {
  const [events, total] = await Promise.all([repo.listEvents(db, contactId, offset, limit, types), repo.countEvents(db, contactId, types)]);
  return { events, total };
}
