import { sql } from 'kysely';
import { EVENT_TYPES } from '../activity/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';

export interface Fold {
  readonly survivorId: number;
  readonly loserId: number;
  /** Columns the survivor is updated with (updated_at is set too). */
  readonly survivor: Record<string, unknown>;
  readonly reason: 'identify' | 'sign_in' | 'manual';
  readonly by: number | null;
  /** The merge record's `filled` and `points`; the moved ids are gathered by the statement. */
  readonly filled: Record<string, unknown>;
  readonly points: number;
  /** The survivor's `contact.merged` event. */
  readonly event: Record<string, unknown>;
}

const movedIds = (cte: string, column: string) => sql`(SELECT coalesce(jsonb_agg(${sql.ref(column)} ORDER BY ${sql.ref(column)}), '[]'::jsonb) FROM ${sql.table(cte)})`;

/**
 * A merge's every write in one statement: the loser's events, devices and memberships move to
 * the survivor, its IPs and tags are copied, earlier tombstones re-pointed, the loser becomes a
 * tombstone, the survivor takes its new values, and the merge and its event are recorded with
 * the ids each step moved. Both contacts must be locked. Answers the survivor as it is now.
 */
export async function foldRows(db: Db, fold: Fold): Promise<ContactRow> {
  const { survivorId: s, loserId: l } = fold;
  const set = Object.entries(fold.survivor).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const result = await sql<ContactRow>`
    WITH ev AS (UPDATE events SET contact_id = ${s} WHERE contact_id = ${l} RETURNING id),
    dv AS (UPDATE devices SET contact_id = ${s} WHERE contact_id = ${l} RETURNING id),
    mb AS (UPDATE memberships SET contact_id = ${s} WHERE contact_id = ${l} RETURNING id),
    ip AS (
      INSERT INTO contact_ips (contact_id, ip, first_seen_at, last_seen_at)
      SELECT ${s}, ip, first_seen_at, last_seen_at FROM contact_ips WHERE contact_id = ${l}
      ON CONFLICT (contact_id, ip) DO NOTHING RETURNING host(ip) AS ip),
    tb AS (UPDATE contacts SET merged_into = ${s} WHERE merged_into = ${l} RETURNING id),
    tg AS (
      INSERT INTO contact_tags (contact_id, tag_id, created_at)
      SELECT ${s}, tag_id, created_at FROM contact_tags WHERE contact_id = ${l}
      ON CONFLICT (contact_id, tag_id) DO NOTHING RETURNING tag_id),
    lo AS (UPDATE contacts SET merged_into = ${s}, updated_at = now() WHERE id = ${l}),
    mg AS (
      INSERT INTO merges (survivor_id, loser_id, reason, merged_by, moved)
      SELECT ${s}, ${l}, ${fold.reason}, ${fold.by}, jsonb_build_object(
        'events', ${movedIds('ev', 'id')}, 'devices', ${movedIds('dv', 'id')}, 'memberships', ${movedIds('mb', 'id')},
        'ips', ${movedIds('ip', 'ip')}, 'tombstones', ${movedIds('tb', 'id')}, 'tags', ${movedIds('tg', 'tag_id')},
        'filled', ${JSON.stringify(fold.filled)}::jsonb, 'points', ${fold.points}::int)),
    me AS (INSERT INTO events (contact_id, type, data) VALUES (${s}, ${EVENT_TYPES.merged}, ${JSON.stringify(fold.event)}::jsonb))
    UPDATE contacts SET ${sql.join([...set, sql`updated_at = now()`])} WHERE id = ${s} RETURNING *`.execute(db);
  return result.rows[0];
}
