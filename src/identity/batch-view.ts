import type { RawBuilder } from 'kysely';
import type { ContactChanges } from '../contacts/input.js';
import * as contacts from '../contacts/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import type { FieldSet } from '../fields/registry.js';
import { holdsValue, type IdentifierValue } from './identifiers.js';
import * as repo from './repo.js';

const newer = (a: ContactRow, b: ContactRow) =>
  a.created_at.getTime() !== b.created_at.getTime() ? a.created_at > b.created_at : a.id > b.id;

/**
 * What a batch of identifications knows of the contacts it may touch, all locked: the
 * visitors' contacts and every holder of the batch's identifier values as the transaction
 * found them, then as each identification leaves them. Holding the locks of all those values,
 * no one else can give them to another contact meanwhile, so the holders it answers are the
 * ones the database would. Updates (when `defer`) and device attachments are written together:
 * when a merge needs them in the database, and at the end.
 */
export class BatchView {
  private readonly rows = new Map<number, ContactRow>();
  private readonly devices = new Map<string, { contactId: number; userAgent: string | null }>();
  private readonly unwritten = new Set<string>();
  private readonly pending = new Map<number, { plan: contacts.ChangePlan; predicted: ContactRow }>();
  private readonly written = new WeakMap<ContactRow, ContactRow>();

  private constructor(private readonly trx: Db, private readonly known: Map<number, ContactRow>, private readonly defer: boolean) {
    for (const row of known.values()) this.remember(row);
  }

  /** Locks and reads the visitors' contacts and the holders of `values`: one round trip. */
  static async load(trx: Db, visitors: readonly repo.Visitor[], values: readonly IdentifierValue[], defer: boolean): Promise<BatchView> {
    const { known, holders } = await repo.lockVisitorsAndHolders(trx, visitors, values);
    const view = new BatchView(trx, known, defer);
    for (const row of holders) view.remember(row);
    await view.lookAgain(visitors);
    return view;
  }

  /** A visitor whose contact the batch read could not lock (merged meanwhile) is found step by step. */
  private async lookAgain(visitors: readonly repo.Visitor[]) {
    const missed = visitors.map((v, i) => ({ ...v, i })).filter((v) => !this.known.has(v.i) && (v.contactId != null || v.deviceId));
    const devices = await repo.deviceContacts(this.trx, missed.filter((v) => v.contactId == null).map((v) => v.deviceId!));
    for (const visitor of missed) {
      const id = visitor.contactId ?? devices.get(visitor.deviceId!);
      if (id === undefined) continue;
      const resolved = await contacts.getContact(this.trx, id).catch(() => undefined);
      const locked = resolved && (await contacts.lockContact(this.trx, resolved.id));
      if (locked) this.known.set(visitor.i, this.remember(locked));
    }
  }

  remember(row: ContactRow): ContactRow {
    this.rows.set(row.id, row);
    return row;
  }

  private live(id: number): ContactRow | undefined {
    let row = this.rows.get(id);
    for (let hops = 0; row?.merged_into && hops < 100; hops++) row = this.rows.get(row.merged_into);
    return row?.merged_into ? undefined : row;
  }

  /** The contact the visitor at `index` is known as now: by contact id, else by the device's latest attachment. */
  current(index: number, visitor: repo.Visitor): ContactRow | undefined {
    const attached = visitor.contactId == null && visitor.deviceId ? this.devices.get(visitor.deviceId) : undefined;
    const id = attached?.contactId ?? this.known.get(index)?.id;
    return id === undefined ? undefined : this.live(id);
  }

  /** The newest live contact but `exceptId` holding the values (any one, or all), as repo.findByIdentifiers picks it. */
  holder(values: readonly IdentifierValue[], operator: 'or' | 'and', exceptId?: number): ContactRow | undefined {
    let best: ContactRow | undefined;
    for (const row of this.rows.values()) {
      if (row.merged_into || row.id === exceptId) continue;
      const holds = operator === 'and' ? values.every((v) => holdsValue(row, v)) : values.some((v) => holdsValue(row, v));
      if (holds && (!best || newer(row, best))) best = row;
    }
    return best;
  }

  /** Writes (or plans, to write later) changes onto a contact; answers it as they leave it. */
  async update(fields: FieldSet, row: ContactRow, changes: ContactChanges): Promise<ContactRow> {
    if (this.pending.has(row.id)) {
      await this.flush();
      row = this.rows.get(row.id) ?? row;
    }
    if (!this.defer) return this.remember(await contacts.applyChanges(this.trx, fields, row, changes));
    const plan = contacts.planChanges(fields, row, changes);
    const predicted = { ...row, ...plan.columns, ...(plan.custom ? { custom: plan.custom } : {}) } as ContactRow;
    this.pending.set(row.id, { plan, predicted });
    return this.remember(predicted);
  }

  /** Writes the planned updates, with `alongside` as a part of the statement. */
  async flush(alongside?: RawBuilder<unknown>): Promise<void> {
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending.clear();
    const rows = await contacts.applyPlans(this.trx, entries.map((e) => e.plan), entries.map((e) => e.predicted), alongside);
    entries.forEach(({ predicted }, i) => {
      this.written.set(predicted, rows[i]);
      if (this.rows.get(predicted.id) === predicted) this.remember(rows[i]);
    });
  }

  /** Writes what is left, the planned updates and the device attachments, in one statement. */
  async finish(): Promise<void> {
    if (this.pending.size === 0) return this.writeDevices();
    const attachments = this.takeAttachments();
    await this.flush(attachments.length > 0 ? repo.attachDevicesStatement(attachments) : undefined);
  }

  /** A contact as written, for one `update` answered before writing it. */
  asWritten(row: ContactRow): ContactRow {
    return this.written.get(row) ?? row;
  }

  /**
   * The two contacts of a merge as the database holds them, their planned updates written, and
   * the devices attached to the loser too, for the merge to move and record them.
   */
  async beforeMerge(survivor: ContactRow, loser: ContactRow): Promise<[ContactRow, ContactRow]> {
    if (this.pending.has(survivor.id) || this.pending.has(loser.id)) await this.flush();
    if ([...this.unwritten].some((id) => this.live(this.devices.get(id)!.contactId)?.id === loser.id)) await this.writeDevices();
    return [this.rows.get(survivor.id) ?? survivor, this.rows.get(loser.id) ?? loser];
  }

  /** `loser` is now a tombstone pointing at `survivor`. */
  merged(loser: ContactRow, survivor: ContactRow): void {
    this.rows.set(loser.id, { ...loser, merged_into: survivor.id });
    this.remember(survivor);
  }

  attach(deviceId: string, contactId: number, userAgent: string | null | undefined): void {
    const before = this.devices.get(deviceId);
    this.devices.set(deviceId, { contactId, userAgent: before?.userAgent ?? userAgent ?? null });
    this.unwritten.add(deviceId);
  }

  /** Writes the attachments made so far, each device to the live contact its contact now leads to. */
  async writeDevices(): Promise<void> {
    await repo.attachDevices(this.trx, this.takeAttachments());
  }

  private takeAttachments(): repo.Attachment[] {
    const attachments = [...this.unwritten].map((trackingId) => {
      const { contactId, userAgent } = this.devices.get(trackingId)!;
      return { trackingId, contactId: this.live(contactId)?.id ?? contactId, userAgent };
    });
    this.unwritten.clear();
    return attachments;
  }
}
