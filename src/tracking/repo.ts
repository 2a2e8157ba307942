import { CompiledQuery } from 'kysely';
import type { Db } from '../db/database.js';

export interface HitRow {
  /** The hit's place in the batch; answers and events refer to it. */
  readonly i: number;
  readonly device_id: string;
  /** Set when identify attached the device first; otherwise the device says. */
  readonly contact_id: number | null;
  readonly at: Date;
  readonly ip: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly country: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

/** A device that may be new: created, with an anonymous contact, unless it exists already. */
export interface DeviceCandidate {
  /** Order of first sight in the batch: the order the new contacts' events are written in. */
  readonly k: number;
  readonly tracking_id: string;
  readonly user_agent: string | null;
  readonly device_type: string | null;
  readonly browser: string | null;
  readonly os: string | null;
  readonly first_at: Date;
  readonly last_at: Date;
  readonly city: string | null;
  readonly state: string | null;
  readonly country: string | null;
}

export interface EventRow {
  /** The hit it belongs to. */
  readonly i: number;
  /** Its order within the hit. */
  readonly n: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface HitBatch {
  readonly hits: readonly HitRow[];
  readonly candidates: readonly DeviceCandidate[];
  readonly events: readonly EventRow[];
}

/**
 * The statement of writeHits. Foreign keys are checked at the end of the statement, after the
 * new contacts are in. The lists travel as JSON ($1 hits, $2 device candidates, $3 events): one
 * string each, instead of a PostgreSQL array literal per column. The array subqueries
 * (= ANY(ARRAY(...))) make index scans of what would otherwise be joins estimated at 100 rows a
 * side, which scan whole tables.
 */
const HITS_SQL = `
    WITH hits AS MATERIALIZED (
      SELECT * FROM json_to_recordset($1::json) AS h(
        i int, device_id text, contact_id bigint, at timestamptz, ip inet, city text, state text, country text, latitude float8, longitude float8)
    ), candidates AS (
      SELECT * FROM json_to_recordset($2::json) AS d(
        k int, tracking_id text, user_agent text, device_type text, browser text, os text, first_at timestamptz, last_at timestamptz,
        city text, state text, country text)
    ), known AS (
      SELECT d.tracking_id, coalesce(c.merged_into, c.id) AS contact_id
      FROM devices d JOIN contacts c ON c.id = d.contact_id
      WHERE d.tracking_id = ANY(ARRAY(SELECT tracking_id FROM candidates))
    ), fresh AS MATERIALIZED (
      SELECT c.*, nextval(pg_get_serial_sequence('contacts', 'id')) AS contact_id
      FROM (SELECT * FROM candidates WHERE tracking_id NOT IN (SELECT tracking_id FROM known) ORDER BY k) c
    ), created_devices AS (
      INSERT INTO devices (tracking_id, contact_id, user_agent, device_type, browser, os)
      SELECT tracking_id, contact_id, user_agent, device_type, browser, os FROM fresh ORDER BY tracking_id
      ON CONFLICT (tracking_id) DO NOTHING
      RETURNING tracking_id, contact_id
    ), created AS MATERIALIZED (
      SELECT f.* FROM fresh f JOIN created_devices USING (tracking_id)
    ), created_contacts AS (
      INSERT INTO contacts (id, first_seen_at, last_active_at, city, state, country, anonymous)
      SELECT contact_id, first_at, last_at, city, state, country, true FROM created
    ), resolved AS MATERIALIZED (
      SELECT h.*, coalesce(h.contact_id, k.contact_id, c.contact_id) AS seen_id, h.contact_id IS NULL AND c.contact_id IS NOT NULL AS is_new
      FROM hits h
      LEFT JOIN known k ON h.contact_id IS NULL AND k.tracking_id = h.device_id
      LEFT JOIN created c ON h.contact_id IS NULL AND c.tracking_id = h.device_id
    ), locked AS MATERIALIZED (
      SELECT id, merged_into FROM contacts
      WHERE id = ANY(ARRAY(SELECT seen_id FROM resolved WHERE NOT is_new))
      ORDER BY id FOR UPDATE
    ), live AS MATERIALIZED (
      SELECT r.*, CASE WHEN r.is_new THEN r.seen_id ELSE coalesce(l.merged_into, l.id, r.seen_id) END AS live_id
      FROM resolved r LEFT JOIN locked l ON l.id = r.seen_id
      WHERE r.seen_id IS NOT NULL
    ), new_events AS (
      INSERT INTO events (contact_id, type, occurred_at, data)
      SELECT contact_id, type, at, data FROM (
        SELECT 0 AS part, k AS i, 0 AS n, contact_id, 'contact.created' AS type, first_at AS at, '{"source":"tracking"}'::jsonb AS data FROM created
        UNION ALL
        SELECT 1, e.i, e.n, l.live_id, e.type, l.at, e.data
        FROM json_to_recordset($3::json) AS e(i int, n int, type text, data jsonb) JOIN live l ON l.i = e.i
      ) e
      ORDER BY part, i, n
    ), latest AS (
      -- Per contact seen before, its latest hit (the first of those at the same time).
      SELECT DISTINCT ON (live_id) live_id AS id, at, city, state, country FROM live WHERE NOT is_new ORDER BY live_id, at DESC, i
    ), active_contacts AS (
      -- A contact keeps its location; one with none gets the hit's, when it has a country. The
      -- contact as locked, not as this statement's snapshot saw it: c, not a second reading.
      UPDATE contacts c SET
        last_active_at = greatest(c.last_active_at, v.at),
        first_seen_at = least(c.first_seen_at, v.at),
        city = CASE WHEN (c.city IS NOT NULL OR c.state IS NOT NULL OR c.country IS NOT NULL OR v.country IS NULL) THEN c.city ELSE v.city END,
        state = CASE WHEN (c.city IS NOT NULL OR c.state IS NOT NULL OR c.country IS NOT NULL OR v.country IS NULL) THEN c.state ELSE v.state END,
        country = CASE WHEN (c.city IS NOT NULL OR c.state IS NOT NULL OR c.country IS NOT NULL OR v.country IS NULL) THEN c.country ELSE v.country END
      FROM latest v
      WHERE c.id = v.id AND c.id = ANY(ARRAY(SELECT id FROM latest))
        -- Last activity is kept to the minute: a visitor browsing page after page rewrites the
        -- contact (and each of its indexes) once a minute, not once a page.
        AND (c.last_active_at IS NULL OR v.at >= c.last_active_at + interval '1 minute' OR c.first_seen_at IS NULL OR v.at < c.first_seen_at
          OR (c.city IS NULL AND c.state IS NULL AND c.country IS NULL AND v.country IS NOT NULL))
    ), new_ips AS (
      INSERT INTO contact_ips (contact_id, ip, first_seen_at, last_seen_at, city, state, country, latitude, longitude)
      SELECT DISTINCT ON (live_id, ip) live_id, ip, at, at, city, state, country, latitude, longitude
      FROM live WHERE ip IS NOT NULL
      ORDER BY live_id, ip, i DESC
      ON CONFLICT (contact_id, ip) DO UPDATE SET last_seen_at = greatest(contact_ips.last_seen_at, excluded.last_seen_at)
    ), seen_devices AS (
      UPDATE devices SET last_seen_at = now()
      WHERE tracking_id = ANY(ARRAY(SELECT DISTINCT device_id FROM live WHERE NOT is_new))
    )
    SELECT i, live_id AS contact_id FROM live`;

type HitAnswer = { i: number; contact_id: number };

/**
 * Writes a batch of hits in one statement, so one round trip and its own transaction: finds
 * each device's live contact (a merged-away contact leads to its survivor), creates the new
 * devices with their anonymous contacts, locks the contacts in id order and reads where each
 * lives now (a merge may have moved it meanwhile), then writes the events, the contacts' last
 * activity and location, their addresses and the devices' last sight. Answers each hit's live
 * contact by its `i`; a hit left out has a device another transaction created a moment ago,
 * which this statement's snapshot cannot see: write it again.
 */
export async function writeHits(db: Db, batch: HitBatch): Promise<Map<number, number>> {
  const { rows } = await db.executeQuery(hitsStatement(batch));
  return new Map(rows.map((r) => [r.i, Number(r.contact_id)]));
}

function hitsStatement(batch: HitBatch): CompiledQuery<HitAnswer> {
  return CompiledQuery.raw(HITS_SQL, [JSON.stringify(batch.hits), JSON.stringify(batch.candidates), JSON.stringify(batch.events)]);
}
