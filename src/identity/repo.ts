import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import type { ContactRow, Database, MergeMoved } from '../db/schema.js';
import { comparable, type IdentifierValue } from './identifiers.js';

/** Held until the transaction ends; see identifiers.lockKeys. */
export async function lockIdentifiers(db: Db, keys: string[]) {
  if (keys.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(k) FROM unnest(${keys}::bigint[]) AS k ORDER BY k`.execute(db);
}

function holds(eb: ExpressionBuilder<Database, 'contacts'>, { field, value }: IdentifierValue) {
  if (field.column === 'email') return eb('email_normalized', '=', comparable(field, value));
  if (field.column) return eb(sql.ref(field.column), '=', value);
  return sql<SqlBool>`custom @> ${JSON.stringify({ [field.alias]: value })}::jsonb`;
}

/**
 * The newest live contact, other than `exceptId`, holding the identifier values: any one of
 * them (`or`) or all of them (`and`).
 */
export function findByIdentifiers(db: Db, values: readonly IdentifierValue[], operator: 'or' | 'and', exceptId?: number) {
  return db.selectFrom('contacts').selectAll().forUpdate()
    .where('merged_into', 'is', null)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId as number))
    .where((eb) => (operator === 'and' ? eb.and(values.map((v) => holds(eb, v))) : eb.or(values.map((v) => holds(eb, v)))))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1)
    .executeTakeFirst();
}

/**
 * Every live contact holding any of `values`, locked, oldest first (as findByIdentifiers ranks
 * them): the candidates a batch of creates matches its items against.
 */
export function findHoldersOfAny(db: Db, values: readonly IdentifierValue[]) {
  return holdersOfAny(db, values).execute();
}

function holdersOfAny(db: Db, values: readonly IdentifierValue[]) {
  const emails = [...new Set(values.filter((v) => v.field.column === 'email').map((v) => comparable(v.field, v.value)))];
  const others = values.filter((v) => v.field.column !== 'email');
  // One index probe per email. `email_normalized = ANY(...)` would read the whole table while it
  // has no statistics yet (a new or fast-growing table): many values make it look unselective.
  // OFFSET 0 keeps the planner from merging the probes into such a join.
  const byEmail = sql<number[]>`ARRAY(SELECT c.id FROM unnest(${emails}::text[]) AS e(email)
    CROSS JOIN LATERAL (SELECT id FROM contacts WHERE email_normalized = e.email OFFSET 0) AS c)`;
  return db.selectFrom('contacts').selectAll().forUpdate()
    .where('merged_into', 'is', null)
    .where((eb) => eb.or([
      ...(emails.length > 0 ? [eb('id', '=', sql<number>`ANY(${byEmail})`)] : []),
      ...others.map((v) => holds(eb, v)),
    ]))
    .orderBy('created_at').orderBy('id');
}

export function lockContacts(db: Db, ids: number[]) {
  return db.selectFrom('contacts').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/** Re-points a contact's rows (all, or just `only`) to another contact; answers the moved ids. */
async function moveRows(db: Db, table: 'events' | 'devices' | 'memberships', from: number, to: number, only?: number[]): Promise<number[]> {
  if (only?.length === 0) return [];
  const rows = await db.updateTable(table).set({ contact_id: to }).where('contact_id', '=', from)
    .$if(only !== undefined, (q) => q.where('id', '=', sql<number>`ANY(${only}::bigint[])`))
    .returning('id').execute();
  return rows.map((r) => r.id);
}

export const moveEvents = (db: Db, from: number, to: number, only?: number[]) => moveRows(db, 'events', from, to, only);
export const moveDevices = (db: Db, from: number, to: number, only?: number[]) => moveRows(db, 'devices', from, to, only);
export const moveMemberships = (db: Db, from: number, to: number, only?: number[]) => moveRows(db, 'memberships', from, to, only);

export function deleteIps(db: Db, contactId: number, ips?: string[]) {
  return db.deleteFrom('contact_ips').where('contact_id', '=', contactId)
    .$if(ips !== undefined, (q) => q.where('ip', '=', sql<string>`ANY(${ips}::inet[])`)).execute();
}

/** Earlier tombstones of the loser now lead straight to the survivor. */
export async function repointTombstones(db: Db, from: number, to: number, only?: number[]): Promise<number[]> {
  if (only?.length === 0) return [];
  const rows = await db.updateTable('contacts').set({ merged_into: to }).where('merged_into', '=', from)
    .$if(only !== undefined, (q) => q.where('id', '=', sql<number>`ANY(${only}::bigint[])`))
    .returning('id').execute();
  return rows.map((r) => r.id);
}

export interface Visitor {
  readonly contactId?: number | null;
  readonly deviceId?: string | null;
}

/**
 * The live contact each visitor is known as (by contact id, else by device), merged-away ids
 * followed to their survivor, by the visitor's position in `visitors`; then every live contact
 * holding any of `values`, oldest first: all locked, in one round trip. A visitor is missing
 * when there is none, or when a merge moved its contact between the read and the lock (the
 * caller then looks again step by step).
 */
export async function lockVisitorsAndHolders(db: Db, visitors: readonly Visitor[], values: readonly IdentifierValue[]) {
  const holders = values.length > 0 ? sql`SELECT NULL::bigint, h.* FROM (${holdersOfAny(db, values)}) AS h` : sql`SELECT NULL::bigint, * FROM contacts WHERE false`;
  const result = await sql<ContactRow & { visitor: number | null }>`
    WITH RECURSIVE visitor AS (
      SELECT v.i, coalesce(v.contact_id, (SELECT d.contact_id FROM devices d WHERE d.tracking_id = v.device_id)) AS start
      FROM unnest(${visitors.map((v) => v.contactId ?? null)}::bigint[], ${visitors.map((v) => v.deviceId ?? null)}::text[]) WITH ORDINALITY AS v(contact_id, device_id, i)
    ), chain AS (
      SELECT visitor.i, c.id, c.merged_into, 0 AS hops FROM visitor JOIN contacts c ON c.id = visitor.start
      UNION ALL
      SELECT chain.i, c.id, c.merged_into, chain.hops + 1 FROM contacts c JOIN chain ON c.id = chain.merged_into WHERE chain.hops < 100
    ), live AS (
      SELECT DISTINCT ON (i) i, id FROM chain WHERE merged_into IS NULL ORDER BY i, hops
    ), known AS (
      SELECT live.i - 1 AS visitor, c.* FROM contacts c JOIN live ON live.id = c.id
      WHERE c.merged_into IS NULL ORDER BY c.id FOR UPDATE OF c
    )
    SELECT * FROM known UNION ALL (${holders})`.execute(db);
  const known = new Map<number, ContactRow>();
  const holding: ContactRow[] = [];
  for (const { visitor, ...row } of result.rows) {
    if (visitor === null) holding.push(row as ContactRow);
    else known.set(Number(visitor), row as ContactRow);
  }
  return { known, holders: holding };
}

/** The contact each of these devices is attached to, for those that exist. */
export async function deviceContacts(db: Db, trackingIds: string[]): Promise<Map<string, number>> {
  if (trackingIds.length === 0) return new Map();
  const rows = await db.selectFrom('devices').select(['tracking_id', 'contact_id']).where('tracking_id', '=', sql<string>`ANY(${trackingIds}::text[])`).execute();
  return new Map(rows.map((r) => [r.tracking_id, r.contact_id]));
}

export function findDevice(db: Db, trackingId: string) {
  return db.selectFrom('devices').selectAll().where('tracking_id', '=', trackingId).executeTakeFirst();
}

export interface Attachment {
  readonly trackingId: string;
  readonly contactId: number;
  readonly userAgent?: string | null;
}

/** Points the device at the contact, creating the device on first sight. */
export const attachDevice = (db: Db, trackingId: string, contactId: number, userAgent?: string | null) => attachDevices(db, [{ trackingId, contactId, userAgent }]);

/** Points each device at its contact, creating the devices seen for the first time; one device once at most. */
export async function attachDevices(db: Db, attachments: readonly Attachment[]): Promise<void> {
  if (attachments.length > 0) await attachDevicesStatement(attachments).execute(db);
}

/** attachDevices' statement, to run it as a part of another. */
export function attachDevicesStatement(attachments: readonly Attachment[]) {
  return sql`
    INSERT INTO devices (tracking_id, contact_id, user_agent)
    SELECT * FROM unnest(${attachments.map((a) => a.trackingId)}::text[], ${attachments.map((a) => a.contactId)}::bigint[], ${attachments.map((a) => a.userAgent ?? null)}::text[])
    ON CONFLICT (tracking_id) DO UPDATE SET contact_id = excluded.contact_id, last_seen_at = now()`;
}

export function listDevices(db: Db, contactId: number) {
  return db.selectFrom('devices').selectAll().where('contact_id', '=', contactId).orderBy('last_seen_at', 'desc').execute();
}

export function findMembership(db: Db, kind: 'user' | 'customer', externalId: string) {
  return db.selectFrom('memberships').selectAll().where('kind', '=', kind).where('external_id', '=', externalId).executeTakeFirst();
}

export function listMemberships(db: Db, contactId: number) {
  return db.selectFrom('memberships').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
}

export function insertMembership(db: Db, contactId: number, kind: 'user' | 'customer', externalId: string, userName: string | null) {
  return db.insertInto('memberships').values({ contact_id: contactId, kind, external_id: externalId, user_name: userName })
    .onConflict((oc) => oc.columns(['kind', 'external_id']).doNothing()).returningAll().executeTakeFirst();
}

export function deleteMembership(db: Db, contactId: number, id: number) {
  return db.deleteFrom('memberships').where('contact_id', '=', contactId).where('id', '=', id).executeTakeFirst();
}

export function setContact(db: Db, id: number, values: Record<string, unknown>) {
  return db.updateTable('contacts').set({ ...values, updated_at: sql`now()` } as never).where('id', '=', id)
    .returningAll().executeTakeFirstOrThrow();
}

export function lastMerge(db: Db, survivorId: number) {
  return db.selectFrom('merges').selectAll().where('survivor_id', '=', survivorId).where('undone_at', 'is', null)
    .orderBy('merged_at', 'desc').orderBy('id', 'desc').limit(1).forUpdate().executeTakeFirst();
}

export function listMerges(db: Db, contactId: number) {
  return db.selectFrom('merges').selectAll().where((eb) => eb.or([eb('survivor_id', '=', contactId), eb('loser_id', '=', contactId)]))
    .orderBy('merged_at', 'desc').orderBy('id', 'desc').execute();
}

export function markUndone(db: Db, mergeId: number) {
  return db.updateTable('merges').set({ undone_at: sql`now()` }).where('id', '=', mergeId).execute();
}

/** Live contacts that look like the same person as `contact`: same email, or same name and phone or company. */
export function findLookalikes(db: Db, contact: { id: number; email_normalized: string | null; firstname: string | null; lastname: string | null; phone: string | null; mobile: string | null; company: string | null }, limit: number) {
  return db.selectFrom('contacts').selectAll().where('merged_into', 'is', null).where('id', '!=', contact.id)
    .where((eb) => {
      const alike = [];
      if (contact.email_normalized) alike.push(eb('email_normalized', '=', contact.email_normalized));
      if (contact.firstname && contact.lastname) {
        const sameName = eb.and([
          eb(sql`lower(firstname)`, '=', contact.firstname.toLowerCase()),
          eb(sql`lower(lastname)`, '=', contact.lastname.toLowerCase()),
        ]);
        const also = [];
        for (const phone of [contact.phone, contact.mobile].filter((p): p is string => Boolean(p))) {
          also.push(eb('phone', '=', phone), eb('mobile', '=', phone));
        }
        if (contact.company) also.push(eb(sql`lower(company)`, '=', contact.company.toLowerCase()));
        if (also.length > 0) alike.push(eb.and([sameName, eb.or(also)]));
      }
      return alike.length > 0 ? eb.or(alike) : sql<SqlBool>`false`;
    })
    .orderBy('created_at').limit(limit).execute();
}

/** Groups of live contacts sharing an email, or a name and a phone or company. */
export async function findDuplicateGroups(db: Db, limit: number): Promise<{ reason: string; ids: number[] }[]> {
  const result = await sql<{ reason: string; ids: number[] }>`
    (SELECT 'email' AS reason, array_agg(id ORDER BY id) AS ids FROM contacts
      WHERE merged_into IS NULL AND email_normalized IS NOT NULL
      GROUP BY email_normalized HAVING count(*) > 1 LIMIT ${limit})
    UNION ALL
    (SELECT 'name_and_company', array_agg(id ORDER BY id) FROM contacts
      WHERE merged_into IS NULL AND firstname IS NOT NULL AND lastname IS NOT NULL AND company IS NOT NULL
      GROUP BY lower(firstname), lower(lastname), lower(company) HAVING count(*) > 1 LIMIT ${limit})
    UNION ALL
    (SELECT 'name_and_phone', array_agg(id ORDER BY id) FROM contacts
      WHERE merged_into IS NULL AND firstname IS NOT NULL AND lastname IS NOT NULL AND phone IS NOT NULL
      GROUP BY lower(firstname), lower(lastname), phone HAVING count(*) > 1 LIMIT ${limit})
    LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => ({ reason: r.reason, ids: r.ids.map(Number) }));
}

export function touchActivity(db: Db, contactId: number, at: Date) {
  return db.updateTable('contacts')
    .set({ last_active_at: sql`greatest(last_active_at, ${at}::timestamptz)`, first_seen_at: sql`least(first_seen_at, ${at}::timestamptz)` })
    .where('id', '=', contactId).execute();
}

export function listIps(db: Db, contactId: number) {
  return db.selectFrom('contact_ips').select([sql<string>`host(ip)`.as('ip'), 'first_seen_at', 'last_seen_at', 'city', 'state', 'country', 'latitude', 'longitude'])
    .where('contact_id', '=', contactId).orderBy('last_seen_at', 'desc').execute();
}
