import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Creates the tags of these names that are missing (names compared in any case). */
export async function insertMissingTags(db: Db, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.insertInto('tags').values(names.map((name) => ({ name })))
    .onConflict((oc) => oc.expression(sql`lower(name)`).doNothing()).execute();
}

/** The ids of these tags, creating the missing ones. */
export async function ensureTags(db: Db, names: string[]): Promise<{ id: number; name: string }[]> {
  await insertMissingTags(db, names);
  return [...new Map((await tagsByName(db, names)).map((tag) => [tag.id, { id: tag.id, name: tag.name }])).values()];
}

/** The tags of these names (in any case, as PostgreSQL lower-cases), each with the name it was asked by. */
export async function tagsByName(db: Db, names: string[]): Promise<{ asked: string; id: number; name: string }[]> {
  if (names.length === 0) return [];
  const result = await sql<{ asked: string; id: number; name: string }>`
    SELECT p.name AS asked, t.id, t.name FROM unnest(${names}::text[]) AS p(name) JOIN tags t ON lower(t.name) = lower(p.name)`.execute(db);
  return result.rows;
}

export async function addContactTags(db: Db, contactId: number, tagIds: number[]): Promise<number[]> {
  if (tagIds.length === 0) return [];
  const rows = await db.insertInto('contact_tags').values(tagIds.map((tag_id) => ({ contact_id: contactId, tag_id })))
    .onConflict((oc) => oc.columns(['contact_id', 'tag_id']).doNothing()).returning('tag_id').execute();
  return rows.map((r) => r.tag_id);
}

export async function removeContactTags(db: Db, contactId: number, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db.deleteFrom('contact_tags').where('contact_id', '=', contactId)
    .where('tag_id', 'in', (eb) => eb.selectFrom('tags').select('id').where(sql`lower(name)`, 'in', names.map((n) => n.toLowerCase())))
    .returning('tag_id').execute();
  if (rows.length === 0) return [];
  return (await db.selectFrom('tags').select('name').where('id', 'in', rows.map((r) => r.tag_id)).execute()).map((r) => r.name);
}

export function listContactTags(db: Db, contactId: number) {
  return db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id')
    .select(['tags.id', 'tags.name', 'contact_tags.created_at']).where('contact_tags.contact_id', '=', contactId).orderBy(sql`lower(tags.name)`).execute();
}

export function listTags(db: Db) {
  return db.selectFrom('tags').leftJoin('contact_tags', 'contact_tags.tag_id', 'tags.id')
    .select(['tags.id', 'tags.name', 'tags.description', (eb) => eb.fn.count<string>('contact_tags.contact_id').as('contacts')])
    .groupBy('tags.id').orderBy(sql`lower(tags.name)`).execute();
}

export function deleteContactTagIds(db: Db, contactId: number, tagIds: number[]) {
  if (tagIds.length === 0) return Promise.resolve();
  return db.deleteFrom('contact_tags').where('contact_id', '=', contactId).where('tag_id', 'in', tagIds).execute();
}

/** Of these ids, the contacts that exist and were not merged away. */
export async function liveContactIds(db: Db, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('contacts').select('id').where('id', 'in', [...ids]).where('merged_into', 'is', null).orderBy('id').forUpdate().execute();
  return rows.map((r) => r.id);
}

/** Gives every contact every tag; answers the pairs that are new. */
export async function addTagsToContacts(db: Db, contactIds: readonly number[], tagIds: readonly number[]) {
  if (contactIds.length === 0 || tagIds.length === 0) return [];
  const result = await sql<{ contact_id: string; tag_id: string }>`
    INSERT INTO contact_tags (contact_id, tag_id)
    SELECT c, t FROM unnest(${[...contactIds]}::bigint[]) AS c CROSS JOIN unnest(${[...tagIds]}::bigint[]) AS t
    ON CONFLICT (contact_id, tag_id) DO NOTHING RETURNING contact_id, tag_id`.execute(db);
  return result.rows.map((r) => ({ contactId: Number(r.contact_id), tagId: Number(r.tag_id) }));
}

/** Takes these tags (by name, any case) from every contact; answers the pairs removed. */
export async function removeTagsFromContacts(db: Db, contactIds: readonly number[], names: readonly string[]) {
  if (contactIds.length === 0 || names.length === 0) return [];
  const rows = await db.deleteFrom('contact_tags').where('contact_id', 'in', [...contactIds])
    .where('tag_id', 'in', (eb) => eb.selectFrom('tags').select('id').where(sql`lower(name)`, 'in', names.map((n) => n.toLowerCase())))
    .returning(['contact_id', 'tag_id']).execute();
  return rows.map((r) => ({ contactId: Number(r.contact_id), tagId: Number(r.tag_id) }));
}

export function tagNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('tags').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}

/** Gives each contact the tag in its pair, by id; answers the pairs that are new. */
export async function addTags(db: Db, contactIds: readonly number[], tagIds: readonly number[]) {
  if (contactIds.length === 0) return 0;
  const result = await sql`
    INSERT INTO contact_tags (contact_id, tag_id)
    SELECT * FROM unnest(${[...contactIds]}::bigint[], ${[...tagIds]}::bigint[])
    ON CONFLICT (contact_id, tag_id) DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Takes from each contact the tag named in its pair (any case); answers how many it took. */
export async function removeTagsByName(db: Db, contactIds: readonly number[], names: readonly string[]) {
  if (contactIds.length === 0) return 0;
  const result = await sql`
    DELETE FROM contact_tags ct USING unnest(${[...contactIds]}::bigint[], ${[...names]}::text[]) AS p(contact_id, name), tags t
    WHERE lower(t.name) = lower(p.name) AND ct.contact_id = p.contact_id AND ct.tag_id = t.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
