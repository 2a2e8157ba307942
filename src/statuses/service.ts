import type { Static } from 'typebox';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { errors } from '../errors.js';
import * as repo from './repo.js';
import type { StatusCreateBody, StatusUpdateBody } from './schema.js';

const nameTaken = () => errors.conflict('A status with that name exists', { name: 'is taken' });

/** Names are stored trimmed; the schema's minLength alone would let "   " through as "". */
function statusName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw errors.validation({ name: 'must not be blank' });
  return trimmed;
}

export const listStatuses = (db: Db) => repo.listStatuses(db);

export async function getStatus(db: Db, id: number) {
  const status = await repo.findStatus(db, id);
  if (!status) throw errors.notFound('Status');
  return status;
}

export async function createStatus(db: Db, input: Static<typeof StatusCreateBody>) {
  try {
    return await repo.insertStatus(db, {
      name: statusName(input.name),
      description: input.description ?? '',
      color: input.color ?? null,
      position: input.order ?? 0,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateStatus(db: Db, id: number, input: Static<typeof StatusUpdateBody>) {
  try {
    const row = await repo.updateStatus(db, id, {
      name: input.name === undefined ? undefined : statusName(input.name),
      description: input.description,
      color: input.color,
      position: input.order,
    });
    if (!row) throw errors.notFound('Status');
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Contacts with this status keep their other data and have no status afterwards. */
export async function deleteStatus(db: Db, id: number) {
  const result = await repo.deleteStatus(db, id);
  if (Number(result.numDeletedRows) === 0) throw errors.notFound('Status');
}

export async function findExistingStatusIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  return new Set((await repo.findStatusesByIds(db, ids)).map((s) => s.id));
}
