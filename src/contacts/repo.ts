import { CompiledQuery, NoResultError, sql, type RawBuilder, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import type { ContactRow, ContactsTable } from '../db/schema.js';
import type { MatchingContacts } from './search.js';
import type { ColumnValues } from './input.js';

export interface SortKey {
  /** A contacts column, or a custom field alias. */
  readonly column?: string;
  readonly customAlias?: string;
  readonly descending: boolean;
}

export function findContact(db: Db, id: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findContacts(db: Db, ids: readonly number[]) {
  return db.selectFrom('contacts').selectAll().where('id', '=', sql<number>`any(${ids}::bigint[])`).execute();
}

export function findContactForUpdate(db: Db, id: number) {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).where('merged_into', 'is', null).forUpdate().executeTakeFirst();
}

/** Columns that are never NULL sort without NULLS LAST, so that their indexes give the order. */
const NOT_NULL = new Set(['id', 'created_at', 'updated_at', 'points', 'anonymous']);

/** The ORDER BY list of a sort, over `contacts`. */
function orderSql(sort: readonly SortKey[]) {
  return sql.join(sort.map((key) => {
    const direction = sql.raw(key.descending ? 'DESC' : 'ASC');
    if (key.column && NOT_NULL.has(key.column)) return sql`${sql.ref(`contacts.${key.column}`)} ${direction}`;
    const expression = key.column ? sql.ref(`contacts.${key.column}`) : sql`contacts.custom -> ${key.customAlias}::text`;
    return sql`${expression} ${direction} NULLS LAST`;
  }));
}

function ordered<Q extends SelectQueryBuilder<any, any, any>>(query: Q, sort: readonly SortKey[]): Q {
  return query.orderBy(orderSql(sort)) as Q;
}

export function listContacts(matching: MatchingContacts, sort: readonly SortKey[], offset: number, limit: number) {
  return ordered(matching.selectAll('contacts'), sort).offset(offset).limit(limit).execute();
}

/**
 * A page of a search that matches few, and how many it matches (counting to `cap + 1`; the
 * page is right only up to `cap`; null when the page is empty): the matches found first (by
 * whatever plan finds them best), then only those sorted and the page fetched, rather than a
 * walk in sort order that the planner may prefer on a wrong guess of how many match.
 */
export async function listFewContacts(db: Db, matching: MatchingContacts, sort: readonly SortKey[], offset: number, limit: number, cap: number) {
  const found = matching.selectAll('contacts').limit(cap + 1);
  const ranked = db.selectFrom(found.as('contacts')).select([
    'contacts.id',
    sql<number>`row_number() OVER (ORDER BY ${orderSql(sort)})`.as('position'),
    sql<number>`count(*) OVER ()`.as('matched'),
  ]);
  const rows = await db.with((cte) => cte('matching').materialized(), () => ranked)
    .selectFrom('matching').innerJoin('contacts', 'contacts.id', 'matching.id').selectAll('contacts').select('matching.matched')
    .where('matching.position', '>', offset).where('matching.position', '<=', offset + limit)
    .orderBy('matching.position').execute();
  return { rows: rows.map(({ matched: _m, ...row }) => row as ContactRow), matched: rows.length === 0 ? null : Number(rows[0].matched) };
}

/**
 * The first `wanted` matches among the first `window` live contacts in `sort` order, with how
 * many of the window match and how many the window held (fewer than `window`: every contact).
 */
export async function probeContacts(db: Db, condition: Expression<SqlBool>, sort: readonly SortKey[], window: number, wanted: number) {
  const recent = ordered(db.selectFrom('contacts').selectAll('contacts').where('contacts.merged_into', 'is', null), sort).limit(window);
  const counted = db.selectFrom(recent.as('contacts')).selectAll('contacts').select(sql<number>`count(*) OVER ()`.as('probe_window'));
  const rows = await ordered(
    db.selectFrom(counted.as('contacts')).selectAll('contacts').select(sql<number>`count(*) OVER ()`.as('probe_matched')).where(condition),
    sort,
  ).limit(wanted).execute();
  return {
    rows: rows.map(({ probe_window: _w, probe_matched: _m, ...row }) => row as ContactRow),
    matched: Number(rows[0]?.probe_matched ?? 0),
    window: Number(rows[0]?.probe_window ?? 0),
  };
}

/** The planner's idea of how many rows `contacts` holds (tombstones included); null before the first ANALYZE. */
export async function estimateAllContacts(db: Db): Promise<number | null> {
  const { rows } = await sql<{ n: number }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'contacts'::regclass`.execute(db);
  const n = Number(rows[0]?.n ?? -1);
  return n >= 0 ? n : null;
}

/** How many contacts match, counting no further than `cap + 1`. */
export async function countContactsUpTo(db: Db, matching: MatchingContacts, cap: number): Promise<number> {
  const row = await db.selectFrom(matching.select(sql`1`.as('one')).limit(cap + 1).as('matching'))
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * countContactsUpTo, or null when PostgreSQL has not finished within `ms` (a match that no
 * index serves, counted across millions of contacts).
 */
export async function countContactsWithin(db: Db, matching: (trx: Db) => MatchingContacts, cap: number, ms: number): Promise<number | null> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${String(Math.max(1, Math.round(ms)))}, true)`.execute(trx);
      return countContactsUpTo(trx, matching(trx), cap);
    });
  } catch (error) {
    if ((error as { code?: string }).code === '57014') return null;
    throw error;
  }
}

/** The planner's estimate of how many contacts match. */
export async function estimateContacts(db: Db, matching: MatchingContacts): Promise<number> {
  const compiled = matching.select(sql`1`.as('one')).compile();
  const result = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${compiled.sql}`, [...compiled.parameters]),
  );
  return Math.round(result.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
}

/** Inserts a contact and its first timeline events in one statement, its values sent as parameters. */
export async function insertContact(db: Db, columns: ColumnValues, custom: Record<string, unknown>, events: readonly TimelineEntry[] = []): Promise<ContactRow> {
  const insert = db.insertInto('contacts').values({ ...columns, custom: JSON.stringify(custom) } as never).returningAll();
  if (events.length === 0) return insert.executeTakeFirstOrThrow();
  const result = await sql<ContactRow>`WITH created AS (${insert}), ${timeline('created', events)} SELECT * FROM created`.execute(db);
  return result.rows[0];
}

export interface TimelineEntry {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** A `timeline` CTE appending `events`, in order, to the contact the CTE `cte` returns. */
function timeline(cte: 'created' | 'updated', events: readonly TimelineEntry[]) {
  return sql`timeline AS (
    INSERT INTO events (contact_id, type, data)
    SELECT c.id, e.event->>'type', e.event->'data' FROM ${sql.table(cte)} c CROSS JOIN jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS e(event, i)
    ORDER BY e.i)`;
}

/** Every column a new contact can be given but its id; the compiler insists that none is missing. */
const NEW_CONTACT_COLUMNS = Object.keys({
  title: 0, firstname: 0, middlename: 0, lastname: 0, email: 0, gender: 0, birthday: 0, phone: 0, business_phone: 0,
  mobile: 0, fax: 0, company: 0, position: 0, address1: 0, address2: 0, city: 0, state: 0, zipcode: 0, country: 0,
  timezone: 0, preferred_locale: 0, website: 0, facebook: 0, twitter: 0, linkedin: 0, instagram: 0, skype: 0, foursquare: 0,
  status_id: 0, owner_id: 0, stage_id: 0, points: 0, custom: 0, anonymous: 0, created_by: 0, first_seen_at: 0, last_active_at: 0,
  identified_at: 0,
} satisfies Record<Exclude<keyof ContactsTable, 'id' | 'email_normalized' | 'search_text' | 'merged_into' | 'created_at' | 'updated_at'>, 0>);

// Written once rather than built with Kysely per call: every API create ends in this statement.
// The rows travel as one JSON array (a column a row leaves out is NULL, not its default), the
// events as another naming their contact by its row's position `n` (from 1). Each position gets
// its id from the sequence first, so that the answer can say which row is which.
const INSERT_CONTACTS_WITH_EVENTS = `
  WITH input AS (
    SELECT * FROM json_populate_recordset(NULL::contacts, $1::json) WITH ORDINALITY
  ), numbered AS (
    SELECT ordinality AS n, nextval(pg_get_serial_sequence('contacts', 'id')) AS id FROM input
  ), created AS (
    INSERT INTO contacts (id, ${NEW_CONTACT_COLUMNS.join(', ')})
    SELECT numbered.id, ${NEW_CONTACT_COLUMNS.map((column) => `input.${column}`).join(', ')}
    FROM input JOIN numbered ON numbered.n = input.ordinality
    RETURNING *
  ), timeline AS (
    INSERT INTO events (contact_id, type, data)
    SELECT numbered.id, e.event->>'type', (e.event->'data')::jsonb
    FROM json_array_elements($2::json) WITH ORDINALITY AS e(event, i) JOIN numbered ON numbered.n = (e.event->>'n')::bigint
    ORDER BY e.i
  )
  SELECT numbered.n, created.* FROM created JOIN numbered USING (id) ORDER BY numbered.n`;

// The same, answering only the new ids: what a bulk writer that needs no more (an import) reads back.
const INSERT_CONTACTS_WITH_EVENTS_IDS = INSERT_CONTACTS_WITH_EVENTS.replace('SELECT numbered.n, created.* FROM created', 'SELECT numbered.n, created.id FROM created');

export interface NewContactEvent {
  /** The position of its contact among the rows, from 1. */
  readonly n: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * Inserts contacts, each with every column it needs (points, custom and anonymous included),
 * and their first timeline events, in one statement. Answers the rows in the order given.
 */
export async function insertContactsWithEvents(db: Db, rows: readonly ColumnValues[], events: readonly NewContactEvent[]): Promise<ContactRow[]> {
  const result = await db.executeQuery<ContactRow & { n: number }>(CompiledQuery.raw(INSERT_CONTACTS_WITH_EVENTS, [JSON.stringify(rows), JSON.stringify(events)]));
  if (result.rows.length !== rows.length) throw new Error(`inserted ${result.rows.length} contacts of ${rows.length}`);
  return result.rows.map(({ n, ...row }) => row);
}

/**
 * The ids of rows to update, for `c.id = ANY(ids)` beside the join on the rows: the planner
 * cannot see how many rows a JSON parameter holds (it assumes 100), and with stale statistics
 * (a table just filled, autovacuum behind) it then scans all contacts instead of their index.
 */
const idsOf = (rows: readonly ColumnValues[]) => rows.map((row) => row.id as number);

/**
 * Writes whole rows back onto their contacts, one statement for all: `columns` of each row
 * (validated names of NEW_CONTACT_COLUMNS), read from JSON as the contacts row type reads it.
 */
export async function updateContactRows(db: Db, rows: readonly ColumnValues[], columns: readonly string[]): Promise<void> {
  const set = columns.filter((c) => NEW_CONTACT_COLUMNS.includes(c));
  if (rows.length === 0 || set.length === 0) return;
  // Only the columns written travel: a whole row is three times as much JSON to write and read.
  const json = JSON.stringify(rows.map((row) => {
    const written: ColumnValues = { id: row.id };
    for (const column of set) written[column as keyof ColumnValues] = row[column as keyof ColumnValues];
    return written;
  }));
  await db.executeQuery(CompiledQuery.raw(`UPDATE contacts AS c SET ${set.map((c) => `${c} = v.${c}`).join(', ')}, updated_at = now()
    FROM json_populate_recordset(NULL::contacts, $1::json) AS v WHERE c.id = v.id AND c.id = ANY($2::bigint[])`, [json, idsOf(rows)]));
}

/**
 * insertContactsWithEvents answering the new contacts' ids only, in the order given, for
 * `count` rows and their events already serialised (JSON arrays of ColumnValues and NewContactEvent).
 */
export async function insertContactIdsWithEvents(db: Db, count: number, rowsJson: string, eventsJson: string): Promise<number[]> {
  const result = await db.executeQuery<{ n: number; id: number }>(CompiledQuery.raw(INSERT_CONTACTS_WITH_EVENTS_IDS, [rowsJson, eventsJson]));
  if (result.rows.length !== count) throw new Error(`inserted ${result.rows.length} contacts of ${count}`);
  return result.rows.map((row) => Number(row.id));
}

/** Which of these user and status ids exist, locked against deletion until the transaction ends, as a foreign key check would. */
export async function existingReferences(db: Db, userIds: number[], statusIds: number[]) {
  const result = await sql<{ kind: 'user' | 'status'; id: number }>`
    WITH u AS (SELECT id FROM users WHERE id = ANY(${userIds}::bigint[]) FOR KEY SHARE),
         s AS (SELECT id FROM statuses WHERE id = ANY(${statusIds}::bigint[]) FOR KEY SHARE)
    SELECT 'user' AS kind, id FROM u UNION ALL SELECT 'status', id FROM s`.execute(db);
  const ids = (kind: string) => new Set(result.rows.filter((r) => r.kind === kind).map((r) => r.id));
  return { users: ids('user'), statuses: ids('status') };
}

/** Updates a contact and appends `events` to its timeline, in one statement. */
export async function updateContact(db: Db, id: number, columns: ColumnValues, custom: Record<string, unknown> | undefined, events: readonly TimelineEntry[] = []): Promise<ContactRow> {
  const set: Record<string, unknown> = { ...columns, updated_at: sql`now()` };
  if (custom) set.custom = JSON.stringify(custom);
  const update = db.updateTable('contacts').set(set as never).where('id', '=', id).returningAll();
  if (events.length === 0) return update.executeTakeFirstOrThrow();
  const result = await sql<ContactRow>`WITH updated AS (${update}), ${timeline('updated', events)} SELECT * FROM updated`.execute(db);
  if (result.rows.length === 0) throw new NoResultError(update.toOperationNode());
  return result.rows[0];
}

export async function setOwner(db: Db, ids: number[], ownerId: number | null) {
  await db.updateTable('contacts').set({ owner_id: ownerId, updated_at: sql`now()` })
    .where('id', 'in', ids).where('merged_into', 'is', null).execute();
}

export async function deleteContacts(db: Db, ids: number[]): Promise<number[]> {
  const rows = await db.deleteFrom('contacts').where('id', 'in', ids).where('merged_into', 'is', null).returning('id').execute();
  return rows.map((r) => r.id);
}

/**
 * updateContactRows answering the rows as written, in the order given, and appending
 * timeline events (each naming its contact) in the same statement, with `alongside` (another
 * data-modifying statement, on other tables) as a part of it.
 */
export async function updateContactsWithEvents(
  db: Db, rows: readonly ColumnValues[], columns: readonly string[], events: readonly (TimelineEntry & { contact_id: number })[],
  alongside?: RawBuilder<unknown>,
): Promise<ContactRow[]> {
  const set = columns.filter((c) => NEW_CONTACT_COLUMNS.includes(c));
  const result = await sql<ContactRow>`
    WITH updated AS (
      UPDATE contacts AS c SET ${sql.raw([...set.map((c) => `${c} = v.${c}`), 'updated_at = now()'].join(', '))}
      FROM json_populate_recordset(NULL::contacts, ${JSON.stringify(rows)}::json) AS v
      WHERE c.id = v.id AND c.id = ANY(${idsOf(rows)}::bigint[]) RETURNING c.*
    ), timeline AS (
      INSERT INTO events (contact_id, type, data)
      SELECT (e.event->>'contact_id')::bigint, e.event->>'type', e.event->'data' FROM json_array_elements(${JSON.stringify(events)}::json) WITH ORDINALITY AS e(event, i)
      ORDER BY e.i
    )${alongside ? sql`, alongside AS (${alongside})` : sql``}
    SELECT * FROM updated`.execute(db);
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  return rows.map((row) => {
    const written = byId.get(row.id as number);
    if (!written) throw new Error(`contact ${String(row.id)} was not updated`);
    return written;
  });
}
