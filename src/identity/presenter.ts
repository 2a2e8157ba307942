import type { Selectable } from 'kysely';
import type { DevicesTable, MembershipsTable, MergesTable } from '../db/schema.js';

export function presentMerge(row: Selectable<MergesTable>) {
  return {
    id: row.id,
    survivor_id: row.survivor_id,
    loser_id: row.loser_id,
    reason: row.reason,
    merged_by: row.merged_by,
    merged_at: row.merged_at.toISOString(),
    undone_at: row.undone_at?.toISOString() ?? null,
    moved: {
      events: row.moved.events.length,
      devices: row.moved.devices.length,
      memberships: row.moved.memberships.length,
      ips: row.moved.ips.length,
      filled: Object.keys(row.moved.filled),
      points: row.moved.points,
    },
  };
}

export function presentMembership(row: Selectable<MembershipsTable>) {
  return {
    id: row.id,
    contact_id: row.contact_id,
    kind: row.kind,
    external_id: row.external_id,
    user_name: row.user_name,
    created_at: row.created_at.toISOString(),
  };
}

export function presentDevice(row: Selectable<DevicesTable>) {
  return {
    id: row.id,
    device_id: row.tracking_id,
    user_agent: row.user_agent,
    device_type: row.device_type,
    browser: row.browser,
    os: row.os,
    first_seen_at: row.first_seen_at.toISOString(),
    last_seen_at: row.last_seen_at.toISOString(),
  };
}
