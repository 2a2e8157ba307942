import { createHash } from 'node:crypto';
import * as contacts from '../contacts/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import { newDeviceId } from './devices.js';
import { foldInto } from './merge.js';
import * as repo from './repo.js';

export type MembershipKind = 'user' | 'customer';

export interface Visitor {
  readonly contact: ContactRow;
  readonly deviceId: string;
}

function membershipLockKey(kind: MembershipKind, externalId: string): string {
  return createHash('sha256').update(`membership\u0000${kind}\u0000${externalId}`).digest().readBigInt64BE(0).toString();
}

async function resolve(trx: Db, id: number): Promise<ContactRow> {
  const contact = await contacts.getContact(trx, id);
  const locked = await contacts.lockContact(trx, contact.id);
  if (!locked) throw errors.conflict('The contact changed while being read; try again');
  return locked;
}

/** The device's contact, or a new anonymous contact (and device id) for a first visit. */
async function visitorOf(trx: Db, fields: FieldSet, deviceId: string | undefined, userAgent?: string | null): Promise<Visitor> {
  const device = deviceId ? await repo.findDevice(trx, deviceId) : undefined;
  if (device) return { contact: await resolve(trx, device.contact_id), deviceId: device.tracking_id };
  const contact = await contacts.insertContact(trx, fields, { columns: { first_seen_at: new Date() }, custom: {} }, null, 'sdk');
  const id = deviceId ?? newDeviceId();
  await repo.attachDevice(trx, id, contact.id, userAgent);
  return { contact, deviceId: id };
}

/**
 * The contact of the visitor on a customer's site (Kentico's GetCurrentContact): known by the
 * device, or by the signed-in user's name, which gets a contact of its own on first sight.
 */
export async function currentVisitor(
  db: Db, fields: FieldSet, input: { deviceId?: string; userName?: string; kind?: MembershipKind; userAgent?: string | null },
): Promise<Visitor> {
  return db.transaction().execute(async (trx) => {
    if (!input.userName) return visitorOf(trx, fields, input.deviceId, input.userAgent);
    const kind = input.kind ?? 'user';
    await repo.lockIdentifiers(trx, [membershipLockKey(kind, input.userName)]);
    const membership = await repo.findMembership(trx, kind, input.userName);
    if (!membership) {
      const visitor = await visitorOf(trx, fields, input.deviceId, input.userAgent);
      await repo.insertMembership(trx, visitor.contact.id, kind, input.userName, input.userName);
      return visitor;
    }
    const contact = await resolve(trx, membership.contact_id);
    const deviceId = input.deviceId ?? newDeviceId();
    await repo.attachDevice(trx, deviceId, contact.id, input.userAgent);
    return { contact, deviceId };
  });
}

export type SignInOutcome = 'assigned' | 'unchanged' | 'merged' | 'switched';

/**
 * Registration and sign-in on a customer's site (Kentico's MergeUserContacts). A user seen for
 * the first time gets the visitor's contact for good. Later, the visitor's contact is merged
 * into the user's contact, unless it belongs to another user: then the device switches over.
 */
export async function mergeUserContacts(
  db: Db, fields: FieldSet, input: { deviceId?: string; userName: string; kind?: MembershipKind; userAgent?: string | null },
): Promise<Visitor & { outcome: SignInOutcome }> {
  const kind = input.kind ?? 'user';
  return db.transaction().execute(async (trx) => {
    await repo.lockIdentifiers(trx, [membershipLockKey(kind, input.userName)]);
    const visitor = await visitorOf(trx, fields, input.deviceId, input.userAgent);
    const membership = await repo.findMembership(trx, kind, input.userName);
    if (!membership) {
      await repo.insertMembership(trx, visitor.contact.id, kind, input.userName, input.userName);
      return { ...visitor, outcome: 'assigned' as const };
    }
    const userContact = await resolve(trx, membership.contact_id);
    if (userContact.id === visitor.contact.id) return { ...visitor, outcome: 'unchanged' as const };
    const others = (await repo.listMemberships(trx, visitor.contact.id)).filter((m) => m.kind === kind);
    if (others.length > 0) {
      await repo.attachDevice(trx, visitor.deviceId, userContact.id, input.userAgent);
      return { contact: userContact, deviceId: visitor.deviceId, outcome: 'switched' as const };
    }
    const merged = await foldInto(trx, fields, userContact, visitor.contact, 'sign_in', null);
    return { contact: merged, deviceId: visitor.deviceId, outcome: 'merged' as const };
  });
}

export async function listMemberships(db: Db, contactId: number) {
  const contact = await contacts.getContact(db, contactId);
  return repo.listMemberships(db, contact.id);
}

export async function deleteMembership(db: Db, contactId: number, id: number) {
  const result = await repo.deleteMembership(db, contactId, id);
  if (Number(result.numDeletedRows) === 0) throw errors.notFound('Membership');
}
