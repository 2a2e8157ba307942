import type { Db } from '../db/database.js';
import { batchOrEachAlone, GroupCommit, type Settled } from '../db/group-commit.js';
import { withRetry } from '../db/retry.js';
import { errors } from '../errors.js';
import { identifyBatch, type Identified, type IdentifyRequest } from './identify.js';

const MAX_BATCH = 200;
const MAX_PENDING = 10_000;

function writeGroup(db: Db, requests: IdentifyRequest[]): Promise<Settled<Identified>[]> {
  return batchOrEachAlone(
    requests,
    async (batch) => (await withRetry(() => identifyBatch(db, batch))).map((value) => ({ value })),
    async (request) => (await withRetry(() => identifyBatch(db, [request])))[0],
  );
}

const writers = new WeakMap<Db, GroupCommit<IdentifyRequest, Identified>>();

/**
 * Group commit for identifications (src/db/group-commit.ts), one per database handle and one
 * transaction at a time: those that arrive while one is written go together into the next.
 * Each is answered once committed, as it would have been on its own after the ones queued
 * before it. Past MAX_PENDING waiting identifications, new ones are refused with 503.
 */
export function identifyWriter(db: Db): GroupCommit<IdentifyRequest, Identified> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new GroupCommit((requests) => writeGroup(db, requests), {
      maxBatch: MAX_BATCH, maxPending: MAX_PENDING, concurrency: 1,
      overloaded: () => errors.unavailable('Too many visitors are being identified at once; try again'),
    });
    writers.set(db, writer);
  }
  return writer;
}
