import { EVENT_TYPES, recordEvents } from '../activity/service.js';
import * as bulk from '../contacts/bulk.js';
import { keysOf, newestHolder, valueKey, type Known } from '../contacts/create-writer.js';
import type { ContactChanges } from '../contacts/input.js';
import { newContactColumns, referenceError } from '../contacts/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import type { FieldDef, FieldSet } from '../fields/registry.js';
import { comparable, identifierValues, type IdentifierValue } from '../identity/identifiers.js';
import * as identity from '../identity/service.js';
import type { Settings } from '../settings/definitions.js';
import { applyTagChanges, type TagChange } from '../tags/bulk.js';
import type { CleanRow, RowValues } from './rows.js';

export const IMPORTED_EVENT = EVENT_TYPES.imported;

/** What every row of one import is written with. */
export interface ImportPlan {
  readonly fields: FieldSet;
  readonly settings: Settings;
  readonly onMatch: 'update' | 'skip';
  readonly overwriteBlank: boolean;
  readonly defaults: { readonly ownerId: number | null; readonly statusId: number | null; readonly tags: readonly string[] };
  readonly createdBy: number | null;
  readonly jobId: number;
  readonly fileName: string;
}

export type Outcome = 'inserted' | 'updated' | 'skipped' | 'failed';

const blankChanges = (): ContactChanges => ({ columns: {}, custom: {} });

function setValue(changes: ContactChanges, field: FieldDef, value: unknown) {
  if (field.column) (changes.columns as Record<string, unknown>)[field.column] = value;
  else changes.custom[field.alias] = value;
}

function hasValue(changes: ContactChanges, field: FieldDef): boolean {
  return field.column ? field.column in changes.columns : field.alias in changes.custom;
}

const OWNER = { column: 'owner_id', alias: 'owner' } as const;
const STATUS = { column: 'status_id', alias: 'status' } as const;

/** A new contact's values: the row's, then the per-import defaults, then each field's default value. */
function creation(plan: ImportPlan, values: RowValues): ContactChanges {
  const changes: ContactChanges = { columns: { ...values.given.columns }, custom: { ...values.given.custom } };
  if (changes.columns.owner_id == null && plan.defaults.ownerId !== null) changes.columns.owner_id = plan.defaults.ownerId;
  if (changes.columns.status_id == null && plan.defaults.statusId !== null) changes.columns.status_id = plan.defaults.statusId;
  for (const field of plan.fields.all) {
    if (!hasValue(changes, field) && field.defaultValue !== null && field.defaultValue !== undefined) setValue(changes, field, field.defaultValue);
  }
  if (changes.columns.points === null || changes.columns.points === undefined) changes.columns.points = 0;
  return changes;
}

/**
 * A matched contact's changes, as identify makes them: the identifier values it was matched by
 * stay as they are; points apply to new contacts only; empty cells clear only with
 * overwrite_blank; the defaults fill an owner or status the contact lacks.
 */
function update(plan: ImportPlan, values: RowValues, contact: ContactRow, incoming: IdentifierValue[]): ContactChanges {
  const changes: ContactChanges = { columns: { ...values.given.columns }, custom: { ...values.given.custom } };
  if (plan.overwriteBlank) for (const field of values.blank) setValue(changes, field, field.alias === 'points' ? 0 : null);
  for (const { field } of incoming) {
    if (field.column) delete changes.columns[field.column];
    else delete changes.custom[field.alias];
  }
  delete changes.columns.points;
  for (const ref of [OWNER, STATUS]) {
    const fallback = ref === OWNER ? plan.defaults.ownerId : plan.defaults.statusId;
    if (fallback !== null && changes.columns[ref.column] == null && contact[ref.column] == null) changes.columns[ref.column] = fallback;
  }
  return changes;
}

function missingRequired(fields: FieldSet, changes: ContactChanges, creating: boolean): string | undefined {
  for (const field of fields.all) {
    if (!field.required) continue;
    const given = hasValue(changes, field);
    const value = field.column ? changes.columns[field.column] : changes.custom[field.alias];
    if ((creating && !given) || (given && (value === null || value === ''))) return `${field.alias}: is required`;
  }
  return undefined;
}

/** `contact` with `changes` applied, as applyChanges would leave it (anonymous, identified_at). */
function applied(fields: FieldSet, contact: ContactRow, changes: ContactChanges): ContactRow {
  const custom = Object.fromEntries(Object.entries({ ...contact.custom, ...changes.custom }).filter(([, v]) => v !== null));
  const next = { ...contact, ...changes.columns, custom } as ContactRow;
  next.anonymous = identifierValues(fields, blankChanges(), next).length === 0;
  if (!next.anonymous && !next.identified_at) next.identified_at = new Date();
  return next;
}

/** The owner and status ids that rows name; the check answers the field a missing one is about. */
async function referenceCheck(trx: Db, changes: ContactChanges[]) {
  const ids = (column: 'owner_id' | 'status_id') => [...new Set(changes.map((c) => c.columns[column]).filter((id): id is number => typeof id === 'number'))];
  const [users, statuses] = [ids('owner_id'), ids('status_id')];
  const existing = users.length + statuses.length === 0 ? undefined : await bulk.existingReferences(trx, users, statuses);
  return (c: ContactChanges): string | undefined => {
    if (typeof c.columns.status_id === 'number' && !existing?.statuses.has(c.columns.status_id)) return `status: ${referenceError('status').fields!.status}`;
    if (typeof c.columns.owner_id === 'number' && !existing?.users.has(c.columns.owner_id)) return `owner: ${referenceError('owner').fields!.owner}`;
    return undefined;
  };
}

/**
 * The contacts a chunk's rows may match, oldest first, indexed by identifier value: the same
 * rule as create-writer's newestHolder (the newest holding any, or all, of the values) without
 * scanning every contact for every row.
 */
class KnownContacts {
  private readonly order = new Map<Known, number>();
  private readonly byKey = new Map<string, Set<Known>>();
  private next = 0;

  constructor(initial: Known[]) {
    for (const entry of initial) this.add(entry, entry.keys);
  }

  add(entry: Known, keys: Set<string>) {
    this.order.set(entry, this.next++);
    this.rekey(entry, keys);
  }

  rekey(entry: Known, keys: Set<string>) {
    for (const key of entry.keys) this.byKey.get(key)?.delete(entry);
    entry.keys = keys;
    for (const key of keys) (this.byKey.get(key) ?? this.byKey.set(key, new Set()).get(key)!).add(entry);
  }

  holder(values: IdentifierValue[], operator: 'or' | 'and'): Known | undefined {
    let candidates: Known[] | undefined;
    for (const { field, value } of values) {
      for (const entry of this.byKey.get(valueKey(field, comparable(field, value))) ?? []) {
        if (!candidates?.includes(entry)) (candidates ??= []).push(entry);
      }
    }
    // Most rows of most files are new contacts: nothing holds their values.
    if (!candidates) return undefined;
    return newestHolder(candidates.sort((a, b) => this.order.get(a)! - this.order.get(b)!), values, operator);
  }
}

/** The lock keys of a chunk: every identifier value its rows give. */
export function chunkIdentifiers(fields: FieldSet, rows: readonly CleanRow[]): IdentifierValue[][] {
  return rows.map((row) => (row.values ? identifierValues(fields, row.values.given) : []));
}

/** A row that failed, as the report lists it. */
export interface Failure {
  readonly line: number;
  readonly reason: string;
  readonly cells: readonly string[];
}

/** A contact a chunk writes to: one in the database by id, or one the chunk creates by its position (from 1). */
type ContactRef = number | { readonly n: number };

/**
 * What a chunk comes to once decided: its writes, held compactly (the new contacts already as
 * JSON) so that the rows themselves need not live on while the transaction writes them.
 */
export interface ChunkWrites {
  readonly counts: Record<Outcome, number>;
  readonly failures: Failure[];
  readonly inserts: { readonly count: number; readonly rows: string; readonly events: string };
  readonly updates: { readonly rows: ContactRow[]; readonly columns: string[] };
  readonly tags: { readonly contact: ContactRef; readonly add: string[]; readonly remove: string[] }[];
  /** The imported events of rows that updated a contact (a new one's goes in with it). */
  readonly events: { readonly contact: ContactRef; readonly data: Record<string, unknown> }[];
}

/**
 * Decides one chunk of rows inside `trx`, which holds the advisory locks of all the chunk's
 * identifier values (identity's lockKeys). Each row meets the contacts as they are after the
 * rows before it: one query finds (and locks) every contact holding a value, then every row
 * is decided in memory; writeChunk writes the outcome.
 */
export async function decideChunk(trx: Db, plan: ImportPlan, rows: readonly CleanRow[], values: IdentifierValue[][], hooks: { found?: () => void } = {}): Promise<ChunkWrites> {
  const { fields } = plan;
  const identifierFields = fields.uniqueIdentifiers;
  const holders = await identity.holdersOfAny(trx, values.flat());
  const known = new KnownContacts(holders.map((contact): Known => ({ contact, keys: keysOf(contact, identifierFields) })));
  hooks.found?.();
  const refs = await referenceCheck(trx, [
    ...rows.filter((r) => r.values).map((r) => r.values!.given),
    { columns: { owner_id: plan.defaults.ownerId, status_id: plan.defaults.statusId }, custom: {} },
  ]);

  const counts: Record<Outcome, number> = { inserted: 0, updated: 0, skipped: 0, failed: 0 };
  const failures: Failure[] = [];
  const fail = (row: CleanRow, reason: string) => {
    counts.failed++;
    failures.push({ line: row.line, reason, cells: row.cells });
  };
  const touched: { target: Known; outcome: 'inserted' | 'updated'; line: number; tags: RowValues['tags'] }[] = [];
  const created: Known[] = [];
  const changed = new Set<Known>();
  const columns = new Set<string>(['custom', 'anonymous', 'identified_at']);

  for (const [i, row] of rows.entries()) {
    if (!row.values) {
      if (row.failure) fail(row, row.failure);
      else counts.skipped++;
      continue;
    }
    const holder = values[i].length > 0 ? known.holder(values[i], plan.settings.unique_identifier_operator) : undefined;
    if (holder && plan.onMatch === 'skip') {
      counts.skipped++;
      continue;
    }
    const changes = holder ? update(plan, row.values, holder.contact, values[i]) : creation(plan, row.values);
    const refused = missingRequired(fields, changes, !holder) ?? refs(changes);
    if (refused) {
      fail(row, refused);
      continue;
    }
    if (holder) {
      holder.contact = applied(fields, holder.contact, changes);
      known.rekey(holder, keysOf(holder.contact, identifierFields));
      if (holder.creation) Object.assign(holder.creation.columns, changes.columns, { custom: holder.contact.custom, anonymous: holder.contact.anonymous, identified_at: holder.contact.identified_at });
      else {
        changed.add(holder);
        for (const column of Object.keys(changes.columns)) columns.add(column);
      }
      touched.push({ target: holder, outcome: 'updated', line: row.line, tags: row.values.tags });
      counts.updated++;
    } else {
      const inserting = newContactColumns(fields, changes, plan.createdBy);
      const contact = inserting as unknown as ContactRow;
      const entry: Known = { contact, keys: new Set(), creation: { columns: inserting } };
      known.add(entry, keysOf(contact, identifierFields));
      created.push(entry);
      touched.push({ target: entry, outcome: 'inserted', line: row.line, tags: row.values.tags });
      counts.inserted++;
    }
  }

  const position = new Map(created.map((entry, i) => [entry, i + 1]));
  const refOf = (entry: Known): ContactRef => (entry.creation ? { n: position.get(entry)! } : entry.contact.id);
  const imported = (t: (typeof touched)[number]) => ({ file: plan.fileName, job_id: plan.jobId, outcome: t.outcome, line: t.line });
  // A new contact's one first event is its imported event, which carries the points it starts with.
  const firsts = touched.filter((t) => t.outcome === 'inserted').map((t) => {
    const points = Number(t.target.creation!.columns.points ?? 0);
    return { n: position.get(t.target)!, type: IMPORTED_EVENT, data: points ? { ...imported(t), delta: points } : imported(t) };
  });
  return {
    counts,
    failures,
    inserts: { count: created.length, rows: JSON.stringify(created.map((entry) => entry.creation!.columns)), events: JSON.stringify(firsts) },
    updates: { rows: [...changed].map((entry) => entry.contact), columns: [...columns] },
    tags: touched
      .filter((t) => t.tags.add.length + t.tags.remove.length + plan.defaults.tags.length > 0)
      .map((t) => ({ contact: refOf(t.target), add: [...plan.defaults.tags, ...t.tags.add], remove: t.tags.remove })),
    events: touched.filter((t) => t.outcome === 'updated').map((t) => ({ contact: refOf(t.target), data: imported(t) })),
  };
}

/**
 * Writes a decided chunk inside the transaction that decided it: one statement inserts the
 * new contacts with their imported events, one updates the matched ones, a few apply tags,
 * and one writes the imported events of the matched ones.
 */
export async function writeChunk(trx: Db, writes: ChunkWrites, tagIds: ReadonlyMap<string, number>): Promise<void> {
  const ids = await bulk.insertContacts(trx, writes.inserts.count, writes.inserts.rows, writes.inserts.events);
  const idOf = (ref: ContactRef) => (typeof ref === 'number' ? ref : ids[ref.n - 1]);
  await bulk.updateContacts(trx, writes.updates.rows, writes.updates.columns);
  await applyTagChanges(trx, writes.tags.map((t): TagChange => ({ contactId: idOf(t.contact), add: t.add, remove: t.remove })), tagIds);
  await recordEvents(trx, writes.events.map((e) => ({ contactId: idOf(e.contact), type: IMPORTED_EVENT, data: e.data })));
}
