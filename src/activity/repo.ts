import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** A change of a contact's points: `{ delta, reason? }`, written by whatever changes them. */
export const POINTS_CHANGED = 'points.changed';
/**
 * A contact imported from a file: `{ file, job_id, outcome, line }`; a contact the import
 * created (outcome `inserted`) has no other first event, and its `delta` is the points it
 * was created with.
 */
export const CONTACT_IMPORTED = 'contact.imported';

export function insertEvent(db: Db, contactId: number, type: string, data: Record<string, unknown>, occurredAt?: Date) {
  return db.insertInto('events').values({ contact_id: contactId, type, data: JSON.stringify(data), ...(occurredAt ? { occurred_at: occurredAt } : {}) })
    .returningAll().executeTakeFirstOrThrow();
}

export function listEvents(db: Db, contactId: number, offset: number, limit: number, types?: string[]) {
  return db.selectFrom('events').selectAll().where('contact_id', '=', contactId)
    .$if(Boolean(types?.length), (q) => q.where('type', 'in', types!))
    .orderBy('occurred_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute();
}

export async function countEvents(db: Db, contactId: number, types?: string[]): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('contact_id', '=', contactId)
    .$if(Boolean(types?.length), (q) => q.where('type', 'in', types!)).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertEvents(db: Db, rows: readonly { contactId: number; type: string; data: Record<string, unknown> }[]) {
  if (rows.length === 0) return;
  await db.insertInto('events').values(rows.map((r) => ({ contact_id: r.contactId, type: r.type, data: JSON.stringify(r.data) }))).execute();
}

/**
 * Per UTC week (Monday first) from `weeks - 1` weeks ago to this one, every week listed: the
 * engagements (events but the bookkeeping `contact.*` ones and point changes) and the points
 * gained or lost (the numeric `delta` of `points.changed` events, and of `contact.imported`
 * events for the points a contact was imported with).
 */
export async function engagementByWeek(db: Db, contactId: number, weeks: number) {
  const result = await sql<{ week: Date; engagements: string; points: string }>`
    WITH bounds AS (
      SELECT date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS this_week
    ), series AS (
      SELECT generate_series(this_week - make_interval(hours => 168 * ${weeks - 1}), this_week, interval '168 hours') AS week FROM bounds
    )
    SELECT s.week,
      count(e.id) FILTER (WHERE e.type NOT LIKE 'contact.%' AND e.type <> ${POINTS_CHANGED}) AS engagements,
      coalesce(sum(CASE WHEN jsonb_typeof(e.data -> 'delta') = 'number' THEN (e.data ->> 'delta')::numeric END)
        FILTER (WHERE e.type IN (${POINTS_CHANGED}, ${CONTACT_IMPORTED})), 0) AS points
    FROM series s
    LEFT JOIN events e ON e.contact_id = ${contactId} AND e.occurred_at >= s.week AND e.occurred_at < s.week + interval '168 hours'
    GROUP BY s.week
    ORDER BY s.week`.execute(db);
  return result.rows.map((r) => ({ week: r.week, engagements: Number(r.engagements), points: Number(r.points) }));
}
