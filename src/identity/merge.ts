import { EVENT_TYPES, recordEvent } from '../activity/service.js';
import { presentContact } from '../contacts/presenter.js';
import type { Db } from '../db/database.js';
import type { ContactRow, MergeMoved } from '../db/schema.js';
import { errors } from '../errors.js';
import type { FieldDef, FieldSet } from '../fields/registry.js';
import { isBlank } from '../fields/values.js';
import { isMeaningful } from './identifiers.js';
import { foldRows } from './fold-repo.js';
import * as repo from './repo.js';
import * as tags from '../tags/service.js';

export type MergeReason = 'identify' | 'sign_in' | 'manual';

const valueOf = (row: ContactRow, field: FieldDef) => (field.column ? row[field.column] : row.custom[field.alias]);

const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : a ?? b);
const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : a ?? b);

/** Identified survives over anonymous; between two of a kind, the older. */
export function chooseSurvivor(a: ContactRow, b: ContactRow): [survivor: ContactRow, loser: ContactRow] {
  if (a.anonymous !== b.anonymous) return a.anonymous ? [b, a] : [a, b];
  const older = a.created_at.getTime() !== b.created_at.getTime() ? a.created_at < b.created_at : a.id < b.id;
  return older ? [a, b] : [b, a];
}

async function lockPair(trx: Db, aId: number, bId: number): Promise<[ContactRow, ContactRow]> {
  if (aId === bId) throw errors.validation({ from: 'is the same contact' });
  const rows = await repo.lockContacts(trx, [aId, bId]);
  const a = rows.find((r) => r.id === aId);
  const b = rows.find((r) => r.id === bId);
  if (!a || a.merged_into) throw errors.notFound('Contact');
  if (!b || b.merged_into) throw errors.validation({ from: 'no such contact, or it was merged already' });
  return [a, b];
}

/** Values the survivor lacks and the loser has, by alias; points are added instead. */
function fillFromLoser(fields: FieldSet, survivor: ContactRow, loser: ContactRow) {
  const filled: Record<string, unknown> = {};
  const columns: Record<string, unknown> = {};
  const custom: Record<string, unknown> = { ...survivor.custom };
  for (const field of fields.all) {
    if (field.alias === 'points') continue;
    const mine = valueOf(survivor, field);
    const theirs = valueOf(loser, field);
    if (!isBlank(mine) || !isMeaningful(theirs)) continue;
    filled[field.alias] = theirs;
    if (field.column) columns[field.column] = theirs;
    else custom[field.alias] = theirs;
  }
  return { filled, columns, custom };
}

/**
 * Folds `loser` into `survivor` inside the caller's transaction: the survivor takes the loser's
 * events, devices, IPs and memberships, fills its blank fields from the loser, adds its points.
 * The loser stays as a tombstone pointing at the survivor. Returns the survivor as it is now.
 */
export async function foldInto(trx: Db, fields: FieldSet, survivor: ContactRow, loser: ContactRow, reason: MergeReason, by: number | null): Promise<ContactRow> {
  const { filled, columns, custom } = fillFromLoser(fields, survivor, loser);
  const former = Object.fromEntries(Object.entries(presentContact(loser, fields)).filter(([, v]) => v !== null));
  return foldRows(trx, {
    survivorId: survivor.id,
    loserId: loser.id,
    survivor: {
      ...columns,
      custom: JSON.stringify(custom),
      points: survivor.points + loser.points,
      anonymous: survivor.anonymous && loser.anonymous,
      identified_at: earliest(survivor.identified_at, loser.identified_at),
      first_seen_at: earliest(survivor.first_seen_at, loser.first_seen_at),
      last_active_at: latest(survivor.last_active_at, loser.last_active_at),
    },
    reason,
    by,
    filled,
    points: loser.points,
    event: { loser_id: loser.id, reason, loser_fields: former, filled: Object.keys(filled) },
  });
}

/** A person's explicit merge of two contacts; the survivor follows chooseSurvivor. */
export async function mergeContacts(db: Db, fields: FieldSet, id: number, otherId: number, by: number): Promise<ContactRow> {
  return db.transaction().execute(async (trx) => {
    const [a, b] = await lockPair(trx, id, otherId);
    const [survivor, loser] = chooseSurvivor(a, b);
    return foldInto(trx, fields, survivor, loser, 'manual', by);
  });
}

export interface UnmergeResult {
  readonly survivor: ContactRow;
  readonly restored: ContactRow;
  /** What could not be given back, because it changed after the merge. */
  readonly notRestored: string[];
}

/** Undoes the most recent merge into contact `id`, as far as later changes allow. */
export async function unmergeLast(db: Db, fields: FieldSet, id: number, by: number): Promise<UnmergeResult> {
  return db.transaction().execute(async (trx) => {
    const merge = await repo.lastMerge(trx, id);
    if (!merge) throw errors.conflict('This contact has no merge to undo');
    const rows = await repo.lockContacts(trx, [merge.survivor_id, merge.loser_id]);
    const survivor = rows.find((r) => r.id === merge.survivor_id);
    const loser = rows.find((r) => r.id === merge.loser_id);
    if (!survivor || !loser || loser.merged_into !== survivor.id) throw errors.conflict('The merged contact is no longer there to restore');
    const { moved } = merge;
    const notRestored: string[] = [];
    const back = async (kind: string, ids: number[], move: (only: number[]) => Promise<number[]>) => {
      const returned = await move(ids);
      if (returned.length < ids.length) notRestored.push(`${ids.length - returned.length} ${kind} (deleted or moved since)`);
    };
    await back('events', moved.events, (only) => repo.moveEvents(trx, survivor.id, loser.id, only));
    await back('devices', moved.devices, (only) => repo.moveDevices(trx, survivor.id, loser.id, only));
    await back('memberships', moved.memberships, (only) => repo.moveMemberships(trx, survivor.id, loser.id, only));
    await back('earlier merged contacts', moved.tombstones, (only) => repo.repointTombstones(trx, survivor.id, loser.id, only));
    await repo.deleteIps(trx, survivor.id, moved.ips);
    await tags.removeTagIds(trx, survivor.id, moved.tags ?? []);

    const columns: Record<string, unknown> = {};
    const custom = { ...survivor.custom };
    for (const [alias, value] of Object.entries(moved.filled)) {
      const field = fields.byAlias.get(alias);
      if (!field) continue;
      if (JSON.stringify(valueOf(survivor, field)) !== JSON.stringify(value)) {
        notRestored.push(`${alias} (changed since the merge; kept)`);
        continue;
      }
      if (field.column) columns[field.column] = null;
      else delete custom[alias];
    }
    const stillIdentified = fields.uniqueIdentifiers.some((f) => {
      const value = f.column ? (f.column in columns ? null : survivor[f.column]) : custom[f.alias];
      return isMeaningful(value);
    });
    const restoredSurvivor = await repo.setContact(trx, survivor.id, {
      ...columns,
      custom: JSON.stringify(custom),
      points: survivor.points - moved.points,
      anonymous: !stillIdentified,
      ...(stillIdentified ? {} : { identified_at: null }),
    });
    const restored = await repo.setContact(trx, loser.id, { merged_into: null });
    await repo.markUndone(trx, merge.id);
    await recordEvent(trx, survivor.id, EVENT_TYPES.unmerged, { loser_id: loser.id, by, not_restored: notRestored });
    return { survivor: restoredSurvivor, restored, notRestored };
  });
}
