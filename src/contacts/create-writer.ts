import type { Db } from '../db/database.js';
import { batchOrEachAlone, GroupCommit, type Settled } from '../db/group-commit.js';
import { withRetry } from '../db/retry.js';
import { lockedTransaction } from '../db/transaction.js';
import type { ContactRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { FieldDef } from '../fields/registry.js';
import { comparable, holdsValue, identifierValues, isMeaningful, lockKeys, type IdentifierValue } from '../identity/identifiers.js';
import * as identity from '../identity/service.js';
import type { ContactChanges } from './input.js';
import * as repo from './repo.js';
import {
  applyChanges, createAlone, firstEvents, newContactColumns, referenceError, type CreateOutcome, type NewContactColumns, type NewContactRequest,
} from './service.js';

/** What a create comes to: its outcome, or the error it is refused with. */
export type Answer = Settled<CreateOutcome>;

const MAX_BATCH = 500;

/**
 * Group commit for contact creates (src/db/group-commit.ts), one transaction at a time: creates
 * that arrive while a write is in flight go together into the next transaction. Each is
 * answered once committed, exactly as it would have been on its own after the ones queued
 * before it. Past `maxPending` waiting creates, new ones are refused with 503.
 */
export class ContactWriter {
  private readonly commit: GroupCommit<NewContactRequest, CreateOutcome>;

  constructor(db: Db, maxPending = 20_000) {
    this.commit = new GroupCommit((requests) => writeGroup(db, requests), {
      maxBatch: MAX_BATCH, maxPending, concurrency: 1, overloaded: () => errors.unavailable('Too many contacts are being created at once; try again'),
    });
  }

  create(request: NewContactRequest): Promise<CreateOutcome> {
    return this.commit.submit(request);
  }
}

function writeGroup(db: Db, requests: NewContactRequest[]): Promise<Answer[]> {
  return batchOrEachAlone(requests, (batch) => withRetry(() => writeBatch(db, batch)), (request) => withRetry(() => createAlone(db, request)));
}

const writers = new WeakMap<Db, ContactWriter>();

/** The writer of this database handle: one per pool, so that all its creates are grouped. */
export function contactWriter(db: Db): ContactWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new ContactWriter(db)));
  return writer;
}

/** A contact the items of a batch may clash with: a holder found in the database, or one an earlier item creates. */
export interface Known {
  /** Its values now; for one not inserted yet, those it will be inserted with (and no id). */
  contact: ContactRow;
  /** Its identifier values, as valueKey gives them. */
  keys: Set<string>;
  /** Set when the batch creates it: the columns it is inserted with, and the row once inserted. */
  readonly creation?: { readonly columns: NewContactColumns; inserted?: ContactRow };
}

type Decision =
  | { readonly created: Known }
  | { readonly updated: ContactRow }
  | { readonly duplicateOf: Known; readonly field: string }
  | { readonly refused: unknown };

export const valueKey = (field: FieldDef, comparableValue: string) => `${field.alias}\u0000${comparableValue}`;

/**
 * The keys of the identifier values a contact holds, compared as findByIdentifiers compares
 * them: an email by the normalised form PostgreSQL stored, once there is one.
 */
export function keysOf(contact: ContactRow, identifierFields: readonly FieldDef[]): Set<string> {
  const keys = new Set<string>();
  for (const field of identifierFields) {
    const own = field.column ? contact[field.column] : contact.custom[field.alias];
    if (!isMeaningful(own)) continue;
    const normalised = field.column === 'email' && typeof contact.email_normalized === 'string' ? contact.email_normalized : comparable(field, own);
    keys.add(valueKey(field, normalised));
  }
  return keys;
}

/** The newest known contact holding the values (any or all of them), as findByIdentifiers picks it. */
export function newestHolder(known: readonly Known[], values: IdentifierValue[], operator: 'or' | 'and'): Known | undefined {
  const keys = values.map((v) => valueKey(v.field, comparable(v.field, v.value)));
  for (let i = known.length - 1; i >= 0; i--) {
    if (operator === 'and' ? keys.every((k) => known[i].keys.has(k)) : keys.some((k) => known[i].keys.has(k))) return known[i];
  }
  return undefined;
}

/** The owner and status ids the batch sets, and which of them exist (locked until commit), or nothing when none is set. */
async function checkReferences(trx: Db, requests: readonly NewContactRequest[]) {
  const all = requests.flatMap((r) => [r.changes, r.updates ?? r.changes]);
  const ids = (column: 'owner_id' | 'status_id') => [...new Set(all.map((c) => c.columns[column]).filter((id): id is number => typeof id === 'number'))];
  const [users, statuses] = [ids('owner_id'), ids('status_id')];
  if (users.length === 0 && statuses.length === 0) return undefined;
  const existing = await repo.existingReferences(trx, users, statuses);
  // PostgreSQL checks status_id's foreign key before owner_id's: the same field is named.
  return (changes: ContactChanges) => {
    const { owner_id: owner, status_id: status } = changes.columns;
    if (typeof status === 'number' && !existing.statuses.has(status)) return referenceError('status');
    if (typeof owner === 'number' && !existing.users.has(owner)) return referenceError('owner');
    return undefined;
  };
}

/**
 * Writes a batch of creates in one transaction, each with the outcome it would have had on its
 * own after the ones before it (createAlone): its identifier values locked, then held by a
 * contact in the database or an earlier item (409, or that contact updated), a bad owner or
 * status (400), or created. The transaction starts holding the locks of every value; then one
 * statement finds every holder, one inserts every new contact with its timeline events.
 */
export function writeBatch(db: Db, requests: readonly NewContactRequest[]): Promise<Answer[]> {
  const values = requests.map((r) => identifierValues(r.fields, r.changes));
  return lockedTransaction(db, lockKeys(values.flat()), (trx) => decideAndWrite(trx, requests, values));
}

async function decideAndWrite(trx: Db, requests: readonly NewContactRequest[], values: IdentifierValue[][]): Promise<Answer[]> {
  const identifierFields = [...new Map(requests.flatMap((r) => r.fields.uniqueIdentifiers).map((f) => [f.alias, f])).values()];
  const know = (contact: ContactRow, creation?: Known['creation']): Known => ({ contact, keys: keysOf(contact, identifierFields), creation });
  // Oldest first, as the batch's own creates come after them.
  const known = (await identity.holdersOfAny(trx, values.flat())).map((contact) => know(contact));
  const badReference = await checkReferences(trx, requests);
  let uninserted: Known[] = [];

  const insert = async () => {
    if (uninserted.length === 0) return;
    const rows = uninserted.map(({ creation }) => creation!.columns);
    const events = rows.flatMap((row, i) => firstEvents(row.anonymous, 'api', row.created_by, Number(row.points ?? 0)).map((event) => ({ n: i + 1, ...event })));
    const inserted = await repo.insertContactsWithEvents(trx, rows, events);
    uninserted.forEach((entry, i) => {
      entry.contact = entry.creation!.inserted = inserted[i];
      entry.keys = keysOf(entry.contact, identifierFields);
    });
    uninserted = [];
  };

  const decisions: Decision[] = [];
  for (const [i, request] of requests.entries()) {
    const { fields, settings, changes, updates, createdBy } = request;
    const holder = values[i].length > 0 ? newestHolder(known, values[i], settings.unique_identifier_operator) : undefined;
    if (holder && !updates) {
      const clash = values[i].find((value) => holdsValue(holder.contact, value)) ?? values[i][0];
      decisions.push({ duplicateOf: holder, field: clash.field.alias });
      continue;
    }
    const refused = badReference?.(holder ? updates! : changes);
    if (refused) {
      decisions.push({ refused });
    } else if (holder) {
      if (holder.creation && !holder.creation.inserted) await insert();
      holder.contact = await applyChanges(trx, fields, holder.contact, updates!);
      holder.keys = keysOf(holder.contact, identifierFields);
      decisions.push({ updated: holder.contact });
    } else {
      const columns = newContactColumns(fields, changes, createdBy);
      const entry = know(columns as unknown as ContactRow, { columns });
      known.push(entry);
      uninserted.push(entry);
      decisions.push({ created: entry });
    }
  }
  await insert();

  return decisions.map((decision): Answer => {
    if ('created' in decision) return { value: { row: decision.created.creation!.inserted!, created: true } };
    if ('updated' in decision) return { value: { row: decision.updated, created: false } };
    if ('duplicateOf' in decision) return { error: errors.duplicateContact(decision.field, decision.duplicateOf.contact.id) };
    return { error: decision.refused };
  });
}
