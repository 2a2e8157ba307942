import { sql, type RawBuilder } from 'kysely';
import type { MatchingContacts } from '../contacts/search.js';
import type { Db } from '../db/database.js';
import type { CsvCell, Selection } from './columns.js';

/** A contact as an export reads it: `id` and the values asked for, by selection key. */
export interface ExportRow {
  readonly id: number;
  readonly [key: string]: unknown;
}

function selectColumns(query: MatchingContacts, selections: readonly Selection[]) {
  return query.select(selections.map(({ key, column, custom }) => (custom
    ? (custom.json ? sql`contacts.custom -> ${custom.alias}::text` : sql`contacts.custom ->> ${custom.alias}::text`).as(key)
    : sql.ref(`contacts.${column}`).as(key))) as never);
}

/** The next `limit` matching contacts after `afterId`, by id: keyset paging, never OFFSET. */
export async function contactsAfter(query: MatchingContacts, columns: readonly Selection[], afterId: number, limit: number): Promise<ExportRow[]> {
  return await selectColumns(query, columns)
    .where('contacts.id', '>', afterId).orderBy('contacts.id').limit(limit).execute() as unknown as ExportRow[];
}

/** Every live contact (tombstones excluded), to pick a selection of ids from. */
export function liveContacts(db: Db): MatchingContacts {
  return db.selectFrom('contacts').where('contacts.merged_into', 'is', null);
}

/** The contacts of `query` among `ids` (sorted), by id. */
export async function contactsAmong(query: MatchingContacts, columns: readonly Selection[], ids: readonly number[]): Promise<ExportRow[]> {
  return await selectColumns(query.where(sql<boolean>`contacts.id = ANY(${ids}::bigint[])`), columns)
    .orderBy('contacts.id').execute() as unknown as ExportRow[];
}

export async function countMatching(query: MatchingContacts): Promise<number> {
  const row = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function countAmong(query: MatchingContacts, ids: readonly number[]): Promise<number> {
  return countMatching(query.where(sql<boolean>`contacts.id = ANY(${ids}::bigint[])`));
}

/** A contact's tag names, `|`-separated, in alphabetical order (over `contact_tags ct JOIN tags t`). */
const TAG_LIST = sql<string>`string_agg(t.name, '|' ORDER BY lower(t.name), t.name)`;

/**
 * The tag names of the contacts with ids from `first` to `last`, `|`-separated in alphabetical
 * order, by contact id: one range scan of the index rather than a lookup per contact.
 */
export async function tagNamesBetween(db: Db, first: number, last: number): Promise<Map<number, string>> {
  return tagNames(db, sql<boolean>`ct.contact_id BETWEEN ${first} AND ${last}`);
}

/** The same for contacts whose ids are scattered. */
export async function tagNamesOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  return tagNames(db, sql<boolean>`ct.contact_id = ANY(${ids}::bigint[])`);
}

async function tagNames(db: Db, which: RawBuilder<boolean>): Promise<Map<number, string>> {
  const { rows } = await sql<{ id: number; tags: string }>`
    SELECT ct.contact_id AS id, ${TAG_LIST} AS tags
    FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
    WHERE ${which}
    GROUP BY ct.contact_id`.execute(db);
  return new Map(rows.map((row) => [Number(row.id), row.tags]));
}

export async function usernames(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('users').select(['id', 'username']).execute();
  return new Map(rows.map((row) => [row.id, row.username]));
}

export async function statusNames(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('statuses').select(['id', 'name']).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Finished exports whose link has expired and whose file has not been deleted yet. */
export async function expiredExports(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('jobs').select('id')
    .where('kind', '=', 'export').where('state', '=', 'succeeded')
    .where(sql<boolean>`(result->>'expires_at')::timestamptz <= now()`)
    .where(sql<boolean>`(result->>'expired') IS NULL`)
    .execute();
  return rows.map((row) => row.id);
}

export async function markExpired(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('jobs').set({ result: sql`result || '{"expired": true}'::jsonb` })
    .where('id', '=', sql<number>`ANY(${ids}::bigint[])`).execute();
}

/** Which contacts a page holds: ids after `after` up to `upTo`, or these ids. */
export type PageRange = { readonly after: number; readonly upTo: number } | { readonly ids: readonly number[] };

/** The last id of the next page of `size` matching contacts after `after`; null when none is left. */
export async function pageEnd(db: Db, query: MatchingContacts, after: number, size: number): Promise<number | null> {
  const page = query.select('contacts.id').where('contacts.id', '>', after).orderBy('contacts.id').limit(size);
  const { rows } = await sql<{ last: number | null }>`SELECT max(id) AS last FROM (${page}) AS page`.execute(db);
  return rows[0]?.last ?? null;
}

/** A cell's value as text, in parentheses: `||` and `->>` bind alike, left to right. */
function cellValue(cell: CsvCell): RawBuilder<unknown> {
  return sql`(${cellText(cell)})`;
}

function cellText(cell: CsvCell): RawBuilder<unknown> {
  const alias = sql.lit(cell.name);
  switch (cell.source) {
    case 'column':
      return cell.format === 'date' ? sql`to_char(${sql.ref(`contacts.${cell.name}`)}, 'YYYY-MM-DD')` : sql`${sql.ref(`contacts.${cell.name}`)}::text`;
    case 'custom':
      return cell.format === 'list'
        ? sql`CASE jsonb_typeof(contacts.custom -> ${alias}) WHEN 'array' THEN (SELECT string_agg(e, '|') FROM jsonb_array_elements_text(contacts.custom -> ${alias}) AS e) ELSE contacts.custom ->> ${alias} END`
        : sql`contacts.custom ->> ${alias}`;
    case 'tags':
      return sql`tagged.tags`;
    case 'ownerusername':
      return sql`export_owner.username`;
    case 'status_name':
      return sql`export_status.name`;
  }
}

// Formula injection, as escapeFormula (formula.ts) does it: an apostrophe before a value that
// starts, after any apostrophes, with = + - @ tab or CR. ascii() first: most values start with
// none of these, and comparing one code is far cheaper than taking the string apart.
const guarded = (value: RawBuilder<unknown>) => sql`CASE
  WHEN ascii(${value}) IN (61, 43, 45, 64, 9, 13) OR (ascii(${value}) = 39 AND ${value} ~ E'^''+[-=+@\t\r]') THEN '''' || ${value}
  ELSE ${value} END`;

// RFC 4180: quoted when holding a quote, a comma or a line break, quotes doubled.
const quoted = (value: RawBuilder<unknown>) =>
  sql`CASE WHEN ${value} ~ E'[",\r\n]' THEN '"' || replace(${value}, '"', '""') || '"' ELSE coalesce(${value}, '') END`;

/**
 * One page of contacts as CSV records, each ending in CRLF, in id order, written by PostgreSQL:
 * the server sends one string per page rather than a value per cell, and pages are made on
 * several connections at once. Answers the page's text and the number of contacts in it.
 */
export async function csvLines(db: Db, query: MatchingContacts, cells: readonly CsvCell[], range: PageRange): Promise<{ rows: number; text: string }> {
  const inRange = 'ids' in range
    ? { contacts: sql<boolean>`contacts.id = ANY(${range.ids}::bigint[])`, tags: sql<boolean>`ct.contact_id = ANY(${range.ids}::bigint[])` }
    : { contacts: sql<boolean>`contacts.id > ${range.after} AND contacts.id <= ${range.upTo}`, tags: sql<boolean>`ct.contact_id > ${range.after} AND ct.contact_id <= ${range.upTo}` };
  const values = cells.map((cell, i) => (cell.guard ? guarded(cellValue(cell)) : cellValue(cell)).as(`c${i}`));
  let page = query.where(inRange.contacts).select(sql.ref('contacts.id').as('id')).select(values as never);
  if (cells.some((cell) => cell.source === 'ownerusername')) page = page.leftJoin('users as export_owner', 'export_owner.id', 'contacts.owner_id') as never;
  if (cells.some((cell) => cell.source === 'status_name')) page = page.leftJoin('statuses as export_status', 'export_status.id', 'contacts.status_id') as never;
  if (cells.some((cell) => cell.source === 'tags')) {
    const tagged = sql`(SELECT ct.contact_id, ${TAG_LIST} AS tags
      FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ${inRange.tags} GROUP BY ct.contact_id)`;
    page = page.leftJoin(tagged.as('tagged') as never, (join) => join.on(sql<boolean>`tagged.contact_id = contacts.id`) as never) as never;
  }
  const line = sql.join(cells.map((cell, i) => (cell.format === 'plain' || cell.format === 'date' ? sql`coalesce(${sql.ref(`c${i}`)}, '')` : quoted(sql.ref(`c${i}`)))), sql` || ',' || `);
  const { rows } = await sql<{ rows: number; text: string | null }>`
    SELECT count(*)::int AS rows, string_agg(${line} || E'\r\n', '' ORDER BY id) AS text FROM (${page}) AS page`.execute(db);
  return { rows: rows[0].rows, text: rows[0].text ?? '' };
}
