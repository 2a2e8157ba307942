import { recordEvent } from '../activity/service.js';
import * as contacts from '../contacts/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import type { ContactChanges } from '../contacts/input.js';
import type { Settings } from '../settings/definitions.js';
import { changedIdentifiers, holdsValue, identifierValues, lockKeys, type IdentifierValue } from './identifiers.js';
import * as repo from './repo.js';

/**
 * Takes the advisory locks of the identifier values `changes` sets. Take them before any row
 * lock, as identify does, so that writers never wait on each other crosswise.
 */
export async function lockIdentifierValues(trx: Db, fields: FieldSet, changes: ContactChanges): Promise<void> {
  await repo.lockIdentifiers(trx, lockKeys(identifierValues(fields, changes)));
}

/**
 * Locks the identifier values that `changes` gives a contact (held to the end of the
 * transaction) and finds who else holds them. With `refuse`, a holder is a 409 naming it;
 * otherwise the holder is returned. Call it inside the transaction that writes the change.
 */
export async function claimIdentifiers(
  trx: Db, fields: FieldSet, settings: Settings, changes: ContactChanges, current: ContactRow | undefined, refuse: boolean,
): Promise<ContactRow | undefined> {
  const changed = changedIdentifiers(identifierValues(fields, changes, current), changes);
  if (changed.length === 0) return undefined;
  await repo.lockIdentifiers(trx, lockKeys(changed));
  const operator = settings.unique_identifier_operator;
  const holder = await repo.findByIdentifiers(trx, changed, operator, current?.id);
  if (holder && refuse) {
    const clash = changed.find((value) => holdsValue(holder, value)) ?? changed[0];
    throw errors.duplicateContact(clash.field.alias, holder.id);
  }
  return holder;
}

/**
 * claimIdentifiers for a batch of creates, in a transaction that holds the locks of all their
 * identifier values (lockKeys): the live contacts holding any of them, locked, oldest first,
 * for the caller to pick each item's holder from as claimIdentifiers would.
 */
export async function holdersOfAny(trx: Db, values: IdentifierValue[]): Promise<ContactRow[]> {
  return values.length === 0 ? [] : repo.findHoldersOfAny(trx, values);
}

export async function listMerges(db: Db, contactId: number) {
  return repo.listMerges(db, contactId);
}

export async function lookalikes(db: Db, contact: ContactRow, limit = 20) {
  return repo.findLookalikes(db, contact, limit);
}

export const duplicateGroups = (db: Db, limit: number) => repo.findDuplicateGroups(db, limit);

export const listDevices = (db: Db, contactId: number) => repo.listDevices(db, contactId);

export const listIps = (db: Db, contactId: number) => repo.listIps(db, contactId);

/** Records an event for the device's contact (a new device gets a new anonymous contact). */
export async function recordVisitorEvent(
  db: Db, fields: FieldSet, input: { deviceId: string; type: string; data: Record<string, unknown>; occurredAt?: Date },
) {
  return db.transaction().execute(async (trx) => {
    const device = await repo.findDevice(trx, input.deviceId);
    let contactId: number;
    if (device) {
      contactId = (await contacts.getContact(trx, device.contact_id)).id;
    } else {
      contactId = (await contacts.insertContact(trx, fields, { columns: { first_seen_at: new Date() }, custom: {} }, null, 'sdk')).id;
      await repo.attachDevice(trx, input.deviceId, contactId);
    }
    const event = await recordEvent(trx, contactId, input.type, input.data, input.occurredAt);
    await repo.touchActivity(trx, contactId, event.occurred_at);
    return event;
  });
}

export const findDevice = (db: Db, trackingId: string) => repo.findDevice(db, trackingId);
