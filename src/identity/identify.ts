import type { ContactChanges } from '../contacts/input.js';
import * as contacts from '../contacts/service.js';
import type { Db } from '../db/database.js';
import { lockedTransaction } from '../db/transaction.js';
import type { ContactRow } from '../db/schema.js';
import type { FieldSet } from '../fields/registry.js';
import type { Settings } from '../settings/definitions.js';
import { holdsValue, identifierValues, lockKeys, type IdentifierValue } from './identifiers.js';
import { foldInto } from './merge.js';
import { BatchView } from './batch-view.js';
import { identifyWriter } from './identify-writer.js';

export interface IdentifyInput {
  /** The contact the visitor was known as, if any (a merged-away id leads to its survivor). */
  readonly contactId?: number | null;
  /** The visitor's device; it ends up attached to the returned contact. */
  readonly deviceId?: string | null;
  readonly userAgent?: string | null;
  /** Incoming field values (identifiers and others); blanks never clear anything. */
  readonly changes: ContactChanges;
  /** Where the request came from, recorded when it creates a contact. */
  readonly source: contacts.ContactSource;
}

export type IdentifyOutcome = 'created' | 'matched' | 'merged' | 'updated' | 'switched';

export interface Identified {
  readonly contact: ContactRow;
  readonly outcome: IdentifyOutcome;
}

function withoutBlanks(changes: ContactChanges): ContactChanges {
  const keep = (entries: [string, unknown][]) => Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined));
  return { columns: keep(Object.entries(changes.columns)), custom: keep(Object.entries(changes.custom)) };
}

const isEmpty = (changes: ContactChanges) => Object.keys(changes.columns).length === 0 && Object.keys(changes.custom).length === 0;

function withoutValues(changes: ContactChanges, values: IdentifierValue[]): ContactChanges {
  const columns = { ...changes.columns };
  const custom = { ...changes.custom };
  for (const { field } of values) {
    if (field.column) delete columns[field.column];
    else delete custom[field.alias];
  }
  return { columns, custom };
}

interface Item extends IdentifyRequest {
  readonly changes: ContactChanges;
  readonly incoming: IdentifierValue[];
}

export interface IdentifyRequest {
  readonly fields: FieldSet;
  readonly settings: Settings;
  readonly input: IdentifyInput;
}

/**
 * The one function every entry point (tracking, forms, imports, the API, the SDK) uses to
 * decide which contact stands for a person, given who they were known as and what they just
 * told us. Automatic merges only fold an anonymous contact into an identified one; an
 * identified contact meeting other identifier values (a shared device) is left alone and the
 * device moves to the contact those values belong to. Serialised per identifier value in
 * PostgreSQL, so concurrent requests on any number of processes agree. Identifications that
 * arrive together are written together (identify-writer.ts).
 */
export function identify(db: Db, fields: FieldSet, settings: Settings, input: IdentifyInput): Promise<Identified> {
  return identifyWriter(db).submit({ fields, settings, input });
}

/**
 * Identifies each request in turn, each as it would be on its own after the ones before it, in
 * one transaction that holds the locks of every identifier value they bring from its start.
 */
export function identifyBatch(db: Db, requests: readonly IdentifyRequest[]): Promise<Identified[]> {
  const items: Item[] = requests.map((request) => {
    const changes = withoutBlanks(request.input.changes);
    return { ...request, changes, incoming: identifierValues(request.fields, changes) };
  });
  const values = items.flatMap((item) => item.incoming);
  // The identifier locks come with BEGIN, before any row lock, in one round trip.
  return lockedTransaction(db, lockKeys(values), async (trx) => {
    // Alone, an identification writes its values as parameters: JSON cannot carry everything they may hold.
    const view = await BatchView.load(trx, items.map((item) => item.input), values, items.length > 1);
    const results: Identified[] = [];
    for (const [i, item] of items.entries()) {
      const result = await resolve(trx, view, item, view.current(i, item.input));
      view.remember(result.contact);
      if (item.input.deviceId) view.attach(item.input.deviceId, result.contact.id, item.input.userAgent);
      results.push(result);
    }
    await view.finish();
    return results.map((result) => ({ ...result, contact: view.asWritten(result.contact) }));
  });
}

async function resolve(trx: Db, view: BatchView, item: Item, current: ContactRow | undefined): Promise<Identified> {
  const { fields, settings, input, changes, incoming } = item;
  if (incoming.length === 0) {
    if (current) return { contact: await view.update(fields, current, changes), outcome: 'updated' };
    return { contact: await contacts.insertContact(trx, fields, changes, null, input.source), outcome: 'created' };
  }
  const holder = view.holder(incoming, settings.unique_identifier_operator, current?.id);

  if (current?.anonymous) {
    if (!holder) return { contact: await view.update(fields, current, changes), outcome: 'updated' };
    const [survivor, loser] = await view.beforeMerge(holder, current);
    const merged = await foldInto(trx, fields, survivor, loser, 'identify', null);
    view.merged(loser, merged);
    const rest = withoutValues(changes, incoming);
    return { contact: isEmpty(rest) ? merged : await view.update(fields, merged, rest), outcome: 'merged' };
  }
  if (current) {
    const conflicting = incoming.some((value) => {
      const own = value.field.column ? current[value.field.column] : current.custom[value.field.alias];
      return own !== null && own !== undefined && !holdsValue(current, value);
    });
    if (!conflicting) {
      const taken = holder ? incoming.filter((value) => holdsValue(holder, value)) : [];
      return { contact: await view.update(fields, current, withoutValues(changes, taken)), outcome: 'updated' };
    }
  }
  if (holder) {
    const contact = await view.update(fields, holder, withoutValues(changes, incoming));
    return { contact, outcome: current ? 'switched' : 'matched' };
  }
  const created = await contacts.insertContact(trx, fields, changes, null, input.source);
  return { contact: created, outcome: current ? 'switched' : 'created' };
}
