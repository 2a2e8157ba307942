import type { Db } from '../db/database.js';
import * as repo from './repo.js';

/** A contact's tags to give and to take, by name. */
export interface TagChange {
  readonly contactId: number;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/**
 * Creates the tags of these names that are missing, in a transaction of its own: a writer
 * that then adds them in a long transaction does not hold the new names' index entries (which
 * a concurrent writer of the same names would wait on) to its end. Answers their ids by the
 * names as given, lower-cased.
 */
export async function ensureTagNames(db: Db, names: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
  await repo.insertMissingTags(db, unique);
  const tags = await repo.tagsByName(db, unique);
  return new Map(tags.map((tag) => [tag.asked.toLowerCase(), tag.id]));
}

/**
 * Applies many contacts' own tag changes in a few statements (an import's chunk), the tags to
 * give by the ids `tagIds` has for their lower-cased names (ensureTagNames), any other name
 * being left out; a contact listed twice gets its changes in order, the last word on a tag
 * winning. Call it inside the transaction that writes the contacts.
 */
export async function applyTagChanges(trx: Db, changes: readonly TagChange[], tagIds: ReadonlyMap<string, number>) {
  const final = new Map<string, { contactId: number; name: string; add: boolean }>();
  for (const change of changes) {
    for (const name of change.add) final.set(`${change.contactId}\u0000${name.toLowerCase()}`, { contactId: change.contactId, name, add: true });
    for (const name of change.remove) final.set(`${change.contactId}\u0000${name.toLowerCase()}`, { contactId: change.contactId, name, add: false });
  }
  if (final.size === 0) return { added: 0, removed: 0 };
  const adds = [...final.values()].filter((c) => c.add && tagIds.has(c.name.toLowerCase()));
  const removes = [...final.values()].filter((c) => !c.add);
  const added = await repo.addTags(trx, adds.map((c) => c.contactId), adds.map((c) => tagIds.get(c.name.toLowerCase())!));
  const removed = await repo.removeTagsByName(trx, removes.map((c) => c.contactId), removes.map((c) => c.name));
  return { added, removed };
}
