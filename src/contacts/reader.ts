import type { Db } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import type { ContactRow } from '../db/schema.js';
import { errors } from '../errors.js';
import * as repo from './repo.js';

const MAX_BATCH = 500;
const MAX_PENDING = 20_000;
/** Reads in flight at once: reads take no locks, and a second one keeps the wait short. */
const CONCURRENCY = 2;

const readers = new WeakMap<Db, GroupCommit<number, ContactRow | undefined>>();

/**
 * A contact row by id, as stored (merged-away ones included). Reads asked for while others are
 * in flight go together into the next query, one for many concurrent requests, as
 * src/db/group-commit.ts groups writes. A read is sent only after it was asked for, so it sees
 * every write committed before; inside a transaction it is a query of its own.
 */
export function readContact(db: Db, id: number): Promise<ContactRow | undefined> {
  // No id of another kind may fail the query of the reads it would join.
  if (!Number.isSafeInteger(id) || id < 1) return Promise.resolve(undefined);
  if (db.isTransaction) return repo.findContact(db, id);
  let reader = readers.get(db);
  if (!reader) {
    reader = new GroupCommit(async (ids) => {
      const byId = new Map((await repo.findContacts(db, ids)).map((row) => [row.id, row]));
      return ids.map((id) => ({ value: byId.get(id) }));
    }, { maxBatch: MAX_BATCH, maxPending: MAX_PENDING, concurrency: CONCURRENCY, overloaded: () => errors.unavailable('Too many contacts are being read at once; try again') });
    readers.set(db, reader);
  }
  return reader.submit(id);
}
