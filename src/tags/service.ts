import { recordEvent, recordEvents } from '../activity/service.js';
import type { Db } from '../db/database.js';
import { errors } from '../errors.js';
import * as repo from './repo.js';

const TAG_MAX = 100;

/**
 * Parses a tag list as tracking and Mautic clients send it: an array or a comma-separated
 * string; a leading "-" removes the tag.
 */
export function parseTagChanges(input: unknown): { add: string[]; remove: string[] } {
  const items = Array.isArray(input) ? input : typeof input === 'string' ? input.split(',') : [];
  const add = new Map<string, string>();
  const remove = new Map<string, string>();
  for (const item of items) {
    if (typeof item !== 'string') continue;
    const trimmed = item.trim();
    const removing = trimmed.startsWith('-');
    const name = (removing ? trimmed.slice(1) : trimmed).trim().replace(/\u0000/g, '');
    if (!name) continue;
    if (name.length > TAG_MAX) throw errors.validation({ tags: `a tag is at most ${TAG_MAX} characters` });
    (removing ? remove : add).set(name.toLowerCase(), name);
  }
  return { add: [...add.values()].slice(0, 100), remove: [...remove.values()].slice(0, 100) };
}

/** Adds and removes a contact's tags and records the change on its timeline. */
export async function changeContactTags(trx: Db, contactId: number, changes: { add: string[]; remove: string[] }) {
  const tags = await repo.ensureTags(trx, changes.add);
  const addedIds = new Set(await repo.addContactTags(trx, contactId, tags.map((t) => t.id)));
  const added = tags.filter((t) => addedIds.has(t.id)).map((t) => t.name);
  const removed = await repo.removeContactTags(trx, contactId, changes.remove);
  if (added.length > 0 || removed.length > 0) await recordEvent(trx, contactId, 'contact.tags_changed', { added, removed });
  return { added, removed };
}

/**
 * Adds and removes tags on many contacts in one transaction, with a tags_changed event on each
 * contact whose tags changed. Every id must be a live contact, else nothing changes.
 */
export async function changeManyContactsTags(trx: Db, ids: readonly number[], changes: { add: string[]; remove: string[] }) {
  const unique = [...new Set(ids)];
  const live = await repo.liveContactIds(trx, unique);
  if (live.length !== unique.length) {
    const known = new Set(live);
    const missing = unique.filter((id) => !known.has(id));
    throw errors.validation({ ids: `no such contact: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', ...' : ''}` });
  }
  const tags = await repo.ensureTags(trx, changes.add);
  const added = await repo.addTagsToContacts(trx, live, tags.map((t) => t.id));
  const removed = await repo.removeTagsFromContacts(trx, live, changes.remove);
  const names = new Map((await repo.tagNames(trx, [...new Set([...added, ...removed].map((p) => p.tagId))])).map((t) => [Number(t.id), t.name]));
  const perContact = new Map<number, { added: string[]; removed: string[] }>();
  const entry = (id: number) => perContact.get(id) ?? perContact.set(id, { added: [], removed: [] }).get(id)!;
  for (const pair of added) entry(pair.contactId).added.push(names.get(pair.tagId) ?? String(pair.tagId));
  for (const pair of removed) entry(pair.contactId).removed.push(names.get(pair.tagId) ?? String(pair.tagId));
  await recordEvents(trx, [...perContact].map(([contactId, data]) => ({ contactId, type: 'contact.tags_changed', data })));
  return { contacts: live.length, changed: perContact.size, added: added.length, removed: removed.length };
}

export const listContactTags = (db: Db, contactId: number) => repo.listContactTags(db, contactId);
export const listTags = (db: Db) => repo.listTags(db);
export const removeTagIds = (trx: Db, contactId: number, tagIds: number[]) => repo.deleteContactTagIds(trx, contactId, tagIds);
