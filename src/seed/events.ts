import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { SeedTables } from './tables.js';

export const EVENT_TYPES = ['page.hit', 'email.read', 'form.submitted'] as const;

const text = (values: readonly (string | null)[]) => sql`(${values}::text[])`;
const ints = (values: readonly number[]) => sql`(${values}::int[])`;

/**
 * The contacts events can belong to, as a CTE named `pool` of one row of arrays over the same
 * contacts (ids, created, active, identified, no_email) and their count n. Arrays of
 * fixed-width values without NULLs, so element k is read directly.
 */
export const POOL_COLUMNS = sql`
  array_agg(id) AS ids, array_agg(created_at) AS created,
  array_agg(greatest(coalesce(last_active_at, now()), created_at)) AS active,
  array_agg(coalesce(identified_at, created_at)) AS identified,
  array_agg(no_email) AS no_email, count(*)::int AS n`;

/**
 * `count` timeline events for contacts of the `pool` CTE, as the SELECT of an INSERT INTO
 * events (contact_id, type, occurred_at, data). Each event picks a contact with a skew (some
 * contacts have many events, many have few: the position is squared, then scattered by a
 * multiplication modulo n) and falls between the contact's creation and its last activity.
 * Contacts without an email only have page hits; emails are read and forms submitted after
 * the contact was identified. Sorted by contact, the order of the events index.
 */
export function eventRows(t: SeedTables, count: number): RawBuilder<unknown> {
  const pool = (column: string) => sql`(SELECT ${sql.ref(column)} FROM pool)`;
  return sql`
    SELECT ${pool('ids')}[k], type, since + (until - since) * r_time,
      CASE type
        WHEN 'page.hit' THEN jsonb_build_object(
          'url', ${text(t.pageUrl)}[page], 'title', ${text(t.pageTitle)}[page],
          'referrer', ${text(t.referrers)}[1 + floor(r_referrer * ${t.referrers.length}::int)::int])
        WHEN 'email.read' THEN jsonb_build_object(
          'email_id', ${ints(t.emailId)}[item], 'subject', ${text(t.emailSubject)}[item])
        ELSE jsonb_build_object(
          'form_id', ${ints(t.formId)}[item], 'form_name', ${text(t.formName)}[item], 'url', ${text(t.formUrl)}[item])
      END
    FROM (
      SELECT q.*,
        CASE WHEN type = 'page.hit' THEN ${pool('created')}[k] ELSE ${pool('identified')}[k] END AS since,
        ${pool('active')}[k] AS until,
        1 + floor(power(r_item, 1.5) * ${t.pageUrl.length}::int)::int AS page,
        1 + floor(r_item * CASE type WHEN 'email.read' THEN ${t.emailId.length}::int ELSE ${t.formId.length}::int END)::int AS item
      FROM (
        SELECT p.*,
          CASE WHEN ${pool('no_email')}[k] OR r_type < 0.70 THEN 'page.hit'
            WHEN r_type < 0.88 THEN 'email.read' ELSE 'form.submitted' END AS type
        FROM (
          SELECT 1 + (floor(power(random(), 2) * ${pool('n')})::bigint * 2147483647 % ${pool('n')})::int AS k,
            random() AS r_type, random() AS r_time, random() AS r_item, random() AS r_referrer
          FROM generate_series(1, ${count}::int)
          ORDER BY k
          OFFSET 0
        ) p
      ) q
    ) e`;
}

/** Live contacts, which events can be given to without adding contacts. */
export async function countLiveContacts(db: Db): Promise<number> {
  const result = await sql<{ n: string }>`SELECT count(*) AS n FROM contacts WHERE merged_into IS NULL`.execute(db);
  return Number(result.rows[0].n);
}

/** Inserts `count` events for the live contacts already in the database. */
export async function insertEventChunk(db: Db, tables: SeedTables, count: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    const result = await sql`
      WITH pool AS MATERIALIZED (
        SELECT ${POOL_COLUMNS}
        FROM (SELECT id, created_at, last_active_at, identified_at, email IS NULL AS no_email FROM contacts WHERE merged_into IS NULL) c
      )
      INSERT INTO events (contact_id, type, occurred_at, data) ${eventRows(tables, count)}
    `.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  });
}
