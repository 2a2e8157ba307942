import type { RawBuilder } from 'kysely';
import { EVENT_TYPES } from '../activity/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import { isForeignKeyViolation } from '../db/errors.js';
import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import { BUILTIN_BY_ALIAS } from '../fields/builtins.js';
import { identifierValues } from '../identity/identifiers.js';
import * as identity from '../identity/service.js';
import type { Settings } from '../settings/definitions.js';
import { fieldOfConstraint, parseContactInput, type ContactChanges, type WriteMode } from './input.js';
import { contactWriter } from './create-writer.js';
import { readContact } from './reader.js';
import * as repo from './repo.js';

export { matchingContactsQuery, type MatchingContacts, type MatchingOptions } from './search.js';

export { listContacts, type ContactPage, type ListOptions } from './list.js';
export { parseSort } from './sort.js';

/** A contact by id; the id of a contact merged into another leads to the survivor. */
export async function getContact(db: Db, id: number): Promise<ContactRow> {
  let row = await readContact(db, id);
  for (let hops = 0; row?.merged_into && hops < 100; hops++) row = await readContact(db, row.merged_into);
  if (!row || row.merged_into) throw errors.notFound('Contact');
  return row;
}

/** `anonymous` and `identified_at` as they follow from the contact's identifiers. */
function identityColumns(fields: FieldSet, changes: ContactChanges, current?: ContactRow) {
  const anonymous = identifierValues(fields, changes, current).length === 0;
  return { anonymous, ...(!anonymous && !current?.identified_at ? { identified_at: new Date() } : {}) };
}

// Both assign onto one object: an import makes one per row, and object spreads measured slower.

/** The columns a new contact is inserted with (custom values apart). */
function contactColumns(fields: FieldSet, changes: ContactChanges, createdBy: number | null) {
  return Object.assign({}, changes.columns, identityColumns(fields, changes), { created_by: createdBy });
}

/** Every column a new contact is inserted with, those the table has defaults for included. */
export function newContactColumns(fields: FieldSet, changes: ContactChanges, createdBy: number | null) {
  return Object.assign({ points: 0 }, changes.columns, identityColumns(fields, changes), { created_by: createdBy, custom: changes.custom });
}

export type NewContactColumns = ReturnType<typeof newContactColumns>;

/** The 400 for an owner or status id that names no user or status. */
export function referenceError(field: string) {
  return errors.validation({ [field]: `no ${BUILTIN_BY_ALIAS.get(field)?.references === 'users' ? 'user' : field} with that id` });
}

function translateWriteError(error: unknown): never {
  if (isForeignKeyViolation(error)) throw referenceError(fieldOfConstraint((error as { constraint?: string }).constraint));
  throw error;
}

export type ContactSource = 'api' | 'tracking' | 'sdk' | 'form' | 'import';

/** The timeline events a new contact starts with. */
export function firstEvents(anonymous: boolean, source: ContactSource, createdBy: number | null, points = 0) {
  return [
    { type: EVENT_TYPES.created, data: { source, ...(createdBy ? { user_id: createdBy } : {}) } },
    ...(anonymous ? [] : [{ type: EVENT_TYPES.identified, data: { source } }]),
    ...(points ? [pointsChanged(points, source)] : []),
  ];
}

/** The event of a change of points, which the engagement chart adds up week by week. */
function pointsChanged(delta: number, reason: string) {
  return { type: EVENT_TYPES.pointsChanged, data: { delta, reason } };
}

/** Inserts an already validated contact and its first timeline events; the caller has checked its identifiers. */
export async function insertContact(trx: Db, fields: FieldSet, changes: ContactChanges, createdBy: number | null, source: ContactSource = 'api'): Promise<ContactRow> {
  const columns = contactColumns(fields, changes, createdBy);
  try {
    return await repo.insertContact(trx, columns, changes.custom, firstEvents(columns.anonymous, source, createdBy, Number(columns.points ?? 0)));
  } catch (error) {
    return translateWriteError(error);
  }
}

/** What writing validated changes onto a contact comes to: the columns set, the custom values, the timeline events. */
export interface ChangePlan {
  readonly id: number;
  readonly columns: Record<string, unknown>;
  readonly custom?: Record<string, unknown>;
  readonly events: { type: string; data: Record<string, unknown> }[];
}

export function planChanges(fields: FieldSet, current: ContactRow, changes: ContactChanges, mode: WriteMode = 'patch'): ChangePlan {
  const custom = Object.keys(changes.custom).length === 0 ? undefined
    : Object.fromEntries(Object.entries({ ...(mode === 'replace' ? {} : current.custom), ...changes.custom }).filter(([, v]) => v !== null));
  const columns = { ...changes.columns, ...identityColumns(fields, changes, current) };
  const points = 'points' in columns ? Number(columns.points ?? 0) : current.points;
  const events = [
    ...(current.anonymous && !columns.anonymous ? [{ type: EVENT_TYPES.identified, data: {} }] : []),
    ...(points !== current.points ? [pointsChanged(points - current.points, 'edit')] : []),
  ];
  return { id: current.id, columns, custom, events };
}

/** Writes validated changes onto a locked row; the caller has checked its identifiers. */
export async function applyChanges(trx: Db, fields: FieldSet, current: ContactRow, changes: ContactChanges, mode: WriteMode = 'patch'): Promise<ContactRow> {
  const { columns, custom, events } = planChanges(fields, current, changes, mode);
  try {
    return await repo.updateContact(trx, current.id, columns, custom, events);
  } catch (error) {
    return translateWriteError(error);
  }
}

/**
 * Writes planned changes onto locked rows, each given whole (`rows`: the contacts as the plans
 * leave them), with their events and `alongside` (see repo.updateContactsWithEvents), in one
 * statement; answers the rows as written, in order.
 */
export async function applyPlans(trx: Db, plans: readonly ChangePlan[], rows: readonly ContactRow[], alongside?: RawBuilder<unknown>): Promise<ContactRow[]> {
  const columns = [...new Set(plans.flatMap((plan) => [...Object.keys(plan.columns), ...(plan.custom ? ['custom'] : [])]))];
  const events = plans.flatMap((plan) => plan.events.map((event) => ({ contact_id: plan.id, ...event })));
  try {
    return await repo.updateContactsWithEvents(trx, rows, columns, events, alongside);
  } catch (error) {
    return translateWriteError(error);
  }
}

export type OnDuplicate = 'refuse' | 'update';

/** A validated create, as createContact hands it on. */
export interface NewContactRequest {
  readonly fields: FieldSet;
  readonly settings: Settings;
  /** The payload read as a create (defaults filled in). */
  readonly changes: ContactChanges;
  /** With on_duplicate=update: the payload read as a patch, for the contact holding its identifiers. */
  readonly updates?: ContactChanges;
  readonly createdBy: number | null;
}

export interface CreateOutcome {
  readonly row: ContactRow;
  readonly created: boolean;
}

/**
 * Creates a contact. When its unique identifiers (email by default) belong to a contact
 * already, it is refused with 409 naming that contact, or with `onDuplicate: 'update'` that
 * contact is updated instead. Serialised per identifier value across every server process.
 * Creates arriving together are written together (create-writer.ts), each as if on its own.
 */
export async function createContact(
  db: Db, fields: FieldSet, settings: Settings, input: unknown, createdBy: number | null, onDuplicate: OnDuplicate = 'refuse',
): Promise<CreateOutcome> {
  const request: NewContactRequest = {
    fields, settings, createdBy,
    changes: parseContactInput(fields, input, 'create'),
    updates: onDuplicate === 'update' ? parseContactInput(fields, input, 'patch') : undefined,
  };
  return contactWriter(db).create(request);
}

/** One create in a transaction of its own: what the writer falls back to. */
export function createAlone(db: Db, { fields, settings, changes, updates, createdBy }: NewContactRequest): Promise<CreateOutcome> {
  return db.transaction().execute(async (trx) => {
    const existing = await identity.claimIdentifiers(trx, fields, settings, changes, undefined, !updates);
    if (existing) return { row: await applyChanges(trx, fields, existing, updates!), created: false };
    return { row: await insertContact(trx, fields, changes, createdBy), created: true };
  });
}

/** PATCH (only what is sent) or PUT (everything not sent is cleared). */
export async function updateContact(db: Db, fields: FieldSet, settings: Settings, id: number, input: unknown, mode: Exclude<WriteMode, 'create'>): Promise<ContactRow> {
  const changes = parseContactInput(fields, input, mode);
  return db.transaction().execute(async (trx) => {
    await identity.lockIdentifierValues(trx, fields, changes);
    const current = await repo.findContactForUpdate(trx, id);
    if (!current) throw errors.notFound('Contact');
    await identity.claimIdentifiers(trx, fields, settings, changes, current, true);
    return applyChanges(trx, fields, current, changes, mode);
  });
}

/** Deletes contacts and, with them, everything that belongs to them, in one transaction. */
export async function deleteContacts(db: Db, ids: number[]): Promise<number[]> {
  return db.transaction().execute((trx) => repo.deleteContacts(trx, ids));
}

export async function deleteContact(db: Db, id: number): Promise<void> {
  const deleted = await deleteContacts(db, [id]);
  if (deleted.length === 0) throw errors.notFound('Contact');
}

export const lockContact = (trx: Db, id: number) => repo.findContactForUpdate(trx, id);
