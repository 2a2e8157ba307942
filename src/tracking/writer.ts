import type { Db } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { withRetry } from '../db/retry.js';
import { errors } from '../errors.js';
import * as repo from './repo.js';

export interface Hit {
  /** The browser's device id (a new one for a first visit). */
  readonly deviceId: string;
  /** Set when the request identified the visitor first (identify already attached the device). */
  readonly contactId?: number;
  readonly at: Date;
  readonly ip?: string;
  readonly location?: { city: string | null; state: string | null; country: string | null; latitude: number | null; longitude: number | null };
  readonly userAgent: string | null;
  readonly device: { deviceType: string | null; browser: string | null; os: string | null };
  /** Timeline events of this hit, e.g. page.hit with its URL. */
  readonly events: readonly { type: string; data: Record<string, unknown> }[];
}

export interface Written {
  readonly contactId: number;
  readonly deviceId: string;
}

const MAX_BATCH = 500;
/** Rounds of a batch: a hit is left for the next one only when another process created its device meanwhile. */
const MAX_ROUNDS = 3;

/**
 * Group commit for tracking hits (src/db/group-commit.ts): hits that arrive while the writer
 * is busy go together into the next statement, its own transaction; each hit is answered once
 * its rows are committed. One statement at a time: a batch is one round trip, and what
 * PostgreSQL spends on a statement besides its rows (planning it, committing) is shared by
 * twice the hits of two writers taking turns. Past `maxPending` waiting hits, new ones are
 * refused with 503 instead of growing memory without bound. Batches lock their contacts in id
 * order, and a deadlock (a merge meanwhile) runs the statement again.
 */
export class HitWriter {
  private readonly commit: GroupCommit<Hit, Written>;

  constructor(db: Db, maxPending = 20_000, concurrency = 1) {
    this.commit = new GroupCommit(
      async (hits) => (await writeBatch(db, hits, withRetry)).map((value) => ({ value })),
      { maxBatch: MAX_BATCH, maxPending, concurrency, overloaded: () => errors.unavailable('Tracking is overloaded; the hit was not stored') },
    );
  }

  write(hit: Hit): Promise<Written> {
    return this.commit.submit(hit);
  }

  /** Resolves once every hit accepted so far is written. */
  drain(): Promise<void> {
    return this.commit.drain();
  }
}

/** The statement's rows for these hits: the hits, their events, and the devices that may be new. */
function batchRows(hits: readonly Hit[]): repo.HitBatch {
  const rows: repo.HitRow[] = [];
  const events: repo.EventRow[] = [];
  const candidates = new Map<string, { first: Hit; latest: Hit; firstAt: Date; lastAt: Date }>();
  hits.forEach((hit, i) => {
    const location = hit.location;
    rows.push({
      i, device_id: hit.deviceId, contact_id: hit.contactId ?? null, at: hit.at, ip: hit.ip ?? null,
      city: location?.city ?? null, state: location?.state ?? null, country: location?.country ?? null,
      latitude: location?.latitude ?? null, longitude: location?.longitude ?? null,
    });
    hit.events.forEach((event, n) => events.push({ i, n, type: event.type, data: event.data }));
    if (hit.contactId !== undefined) return;
    const seen = candidates.get(hit.deviceId);
    if (!seen) candidates.set(hit.deviceId, { first: hit, latest: hit, firstAt: hit.at, lastAt: hit.at });
    else {
      if (hit.at > seen.latest.at) seen.latest = hit;
      if (hit.at < seen.firstAt) seen.firstAt = hit.at;
      if (hit.at > seen.lastAt) seen.lastAt = hit.at;
    }
  });
  return {
    hits: rows,
    events,
    candidates: [...candidates.values()].map(({ first, latest, firstAt, lastAt }, k) => {
      // A new contact is where its first hit was; with no location there, where its latest was.
      const at = located(first.location) || !latest.location?.country ? first.location : latest.location;
      return {
        k, tracking_id: first.deviceId, user_agent: first.userAgent, device_type: first.device.deviceType, browser: first.device.browser, os: first.device.os,
        first_at: firstAt, last_at: lastAt, city: at?.city ?? null, state: at?.state ?? null, country: at?.country ?? null,
      };
    }),
  };
}

const located = (location: Hit['location']) => Boolean(location && (location.city || location.state || location.country));

type Retry = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Writes a batch of hits, each with its contact and device (src/tracking/repo.ts writeHits);
 * answers each hit's contact. Each round is one statement, run through `retry`; a hit whose
 * device another process was creating at that moment goes into the next round, which sees it.
 */
export async function writeBatch(db: Db, hits: readonly Hit[], retry: Retry = (work) => work()): Promise<Written[]> {
  const written: (Written | undefined)[] = new Array(hits.length);
  let waiting = hits.map((_, i) => i);
  for (let round = 1; waiting.length > 0; round++) {
    if (round > MAX_ROUNDS) throw new Error(`${waiting.length} tracking hits found no device after ${MAX_ROUNDS} rounds`);
    const some = waiting.map((i) => hits[i]);
    const contacts = await retry(() => repo.writeHits(db, batchRows(some)));
    waiting = waiting.filter((i, j) => {
      const contactId = contacts.get(j);
      if (contactId === undefined) return true;
      written[i] = { contactId, deviceId: hits[i].deviceId };
      return false;
    });
  }
  return written as Written[];
}
