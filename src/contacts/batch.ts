import type { Db } from '../db/database.js';
import { AppError, errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import type { ContactRow } from '../db/schema.js';
import type { Settings } from '../settings/definitions.js';
import * as contacts from './service.js';

export interface BatchResult {
  readonly index: number;
  readonly status: number;
  readonly id?: number;
  readonly row?: ContactRow;
  readonly error?: { code: string; message: string; fields?: Record<string, string> } & Record<string, unknown>;
}

function failure(index: number, error: unknown, id?: number): BatchResult {
  const known = error instanceof AppError ? error : undefined;
  if (!known) throw error;
  return { index, status: known.status, id, error: { code: known.code, message: known.message, ...(known.fields ? { fields: known.fields } : {}), ...known.extra } };
}

/**
 * Each item is its own write, so one bad item does not undo the others, and a later item sees
 * the contacts the earlier ones created: they queue in order for the create writer, which
 * writes them together, each as if on its own.
 */
export async function createMany(db: Db, fields: FieldSet, settings: Settings, items: unknown[], createdBy: number, onDuplicate: contacts.OnDuplicate): Promise<BatchResult[]> {
  const settled = await Promise.allSettled(items.map((item) => contacts.createContact(db, fields, settings, item, createdBy, onDuplicate)));
  return settled.map((result, index) => (result.status === 'fulfilled'
    ? { index, status: result.value.created ? 201 : 200, row: result.value.row }
    : failure(index, result.reason)));
}

export async function updateMany(db: Db, fields: FieldSet, settings: Settings, items: { id: number }[]): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const [index, { id, ...values }] of items.entries()) {
    try {
      results.push({ index, status: 200, row: await contacts.updateContact(db, fields, settings, id, values, 'patch') });
    } catch (error) {
      results.push(failure(index, error, id));
    }
  }
  return results;
}

/** One transaction for the lot: every listed contact that exists is deleted, or none is. */
export async function deleteMany(db: Db, ids: number[]): Promise<BatchResult[]> {
  const deleted = new Set(await contacts.deleteContacts(db, ids));
  return ids.map((id, index) => (deleted.has(id)
    ? { index, status: 204, id }
    : failure(index, errors.notFound('Contact'), id)));
}
