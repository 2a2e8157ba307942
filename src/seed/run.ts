import type { Db } from '../db/database.js';
import type { FieldRegistry } from '../fields/registry.js';
import { contactSequence, insertContactChunk, nextContactId, takenEmails, type ContactRun } from './contacts.js';
import { countLiveContacts, insertEventChunk } from './events.js';
import { ensureSeedFields, type SeedFieldPlan } from './fields.js';
import { seedTables } from './tables.js';

export interface SeedOptions {
  readonly contacts: number;
  readonly events: number;
  /** Rows per statement; progress is reported after each. */
  readonly chunkSize?: number;
  /** Statements running at once, each on its own connection. */
  readonly jobs?: number;
  /** Share of contacts that are anonymous visitors (no name, no email). */
  readonly anonymousShare?: number;
  /** The end of the two years over which contacts are created. */
  readonly now?: Date;
  /** Stops after the chunks in flight when aborted. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  readonly contacts: number;
  readonly events: number;
  readonly elapsedMs: number;
}

export interface SeedResult {
  readonly fields: SeedFieldPlan;
  readonly contacts: number;
  readonly events: number;
  /** The ids of the contacts added (and of others added meanwhile by someone else). */
  readonly firstId: number | null;
  readonly lastId: number | null;
  readonly ms: number;
  readonly interrupted: boolean;
}

const DAY_SECONDS = 86_400;
const HISTORY_DAYS = 730;

/** Runs `count` items in chunks, `jobs` chunks at a time, in order of their start. */
async function inChunks(count: number, options: SeedOptions, work: (from: number, size: number) => Promise<void>) {
  const chunk = options.chunkSize ?? 100_000;
  let next = 0;
  const worker = async () => {
    while (next < count && !options.signal?.aborted) {
      const from = next;
      const size = Math.min(chunk, count - from);
      next += size;
      await work(from, size);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 2) }, worker));
}

function birthdays(now: Date) {
  // Ages 18 to 80 on any day near `now`, whatever the time zone of the session computing them.
  const latest = new Date(Date.UTC(now.getUTCFullYear() - 18, now.getUTCMonth(), now.getUTCDate() - 1));
  const earliest = new Date(Date.UTC(now.getUTCFullYear() - 81, now.getUTCMonth(), now.getUTCDate() + 2));
  return { birthdayLatest: latest.toISOString().slice(0, 10), birthdaySpanDays: Math.round((latest.getTime() - earliest.getTime()) / 1000 / DAY_SECONDS) };
}

/**
 * Adds synthetic contacts with their timeline events or, when no contacts are to be added,
 * events for the contacts already there. Each chunk is one statement that generates its rows
 * inside PostgreSQL and commits on its own; see docs/operations.md, "Demo data".
 */
export async function seed(db: Db, registry: FieldRegistry, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const fields = await ensureSeedFields(db, registry);
  const progress = { contacts: 0, events: 0 };
  const report = () => options.onProgress?.({ ...progress, elapsedMs: Date.now() - started });
  let firstId: number | null = null;
  let lastId: number | null = null;

  if (options.contacts > 0) {
    const now = options.now ?? new Date();
    const sequence = await contactSequence(db);
    const run: ContactRun = {
      tables: seedTables(),
      fields,
      sequence,
      total: options.contacts,
      firstId: await nextContactId(db, sequence),
      endEpoch: now.getTime() / 1000,
      startEpoch: now.getTime() / 1000 - HISTORY_DAYS * DAY_SECONDS,
      ...birthdays(now),
      anonymousShare: options.anonymousShare ?? 0.2,
      takenEmails: await takenEmails(db, sequence),
    };
    // Chunk k gets the events of its share of the contacts; the shares add up to exactly M.
    const eventsUpTo = (row: number) => Math.round((options.events * row) / options.contacts);
    await inChunks(options.contacts, options, async (from, size) => {
      const range = await insertContactChunk(db, run, size, eventsUpTo(from + size) - eventsUpTo(from));
      if (range.firstId !== null && (firstId === null || range.firstId < firstId)) firstId = range.firstId;
      if (range.lastId !== null && (lastId === null || range.lastId > lastId)) lastId = range.lastId;
      progress.contacts += range.count;
      progress.events += range.events;
      report();
    });
  } else if (options.events > 0) {
    if (await countLiveContacts(db) === 0) throw new Error('There are no contacts to give events to; add some with --contacts N');
    const tables = seedTables();
    await inChunks(options.events, options, async (_from, size) => {
      const added = await insertEventChunk(db, tables, size);
      progress.events += added;
      report();
    });
  }

  return { fields, ...progress, firstId, lastId, ms: Date.now() - started, interrupted: options.signal?.aborted ?? false };
}
