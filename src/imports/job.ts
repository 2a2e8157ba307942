import fs from 'node:fs';
import type { Db } from '../db/database.js';
import { sql } from 'kysely';
import { lockedTransaction } from '../db/transaction.js';
import { errors } from '../errors.js';
import type { FieldRegistry } from '../fields/registry.js';
import { lockKeys, type IdentifierValue } from '../identity/identifiers.js';
import type { JobHandler, RunningJob } from '../jobs/runner.js';
import type { SettingsStore } from '../settings/service.js';
import { chunkIdentifiers, decideChunk, writeChunk, type ImportPlan, type Outcome } from './chunk.js';
import { readRecordBatches, readRecords, type CsvRecord } from './csv.js';
import { ensureTagNames } from '../tags/bulk.js';
import { checkHeaders, resolveTargets, type Target } from './mapping.js';
import { resolveNames } from './names.js';
import { FailureReport } from './report.js';
import { cleanRow, type CleanRow } from './rows.js';
import type { ImportPayload } from './schema.js';

export const IMPORT_JOB = 'import';
/** Deadlock, serialisation failure, lock timeout: the same chunks may well succeed if run again. */
const RETRYABLE = new Set(['40P01', '40001', '55P03']);
const OUTCOMES: readonly Outcome[] = ['inserted', 'updated', 'skipped', 'failed'];
/**
 * Rows per transaction: big enough for few round trips, small enough for short locks and for
 * the rows in flight (each chunk's, and the next one's being read) to keep the heap small.
 */
export const CHUNK_ROWS = 1000;
/** Characters per chunk at most, however few its rows: a file of very wide rows holds as little at once as any other. */
export const CHUNK_CHARS = 2_000_000;
/** Chunks written at once: each starts once the one before it has locked what it matches (see pipeline). */
const IN_FLIGHT = 3;

/** What an import has saved with each chunk: where to go on from after a crash. */
interface Checkpoint {
  /** Data records (after the header line) done. */
  records: number;
  reportBytes: number;
  inserted: number;
  updated: number;
  skipped: number;
  failed: number;
}

export const reportUrl = (jobId: number) => `/api/v1/imports/${jobId}/report`;

function fromCheckpoint(saved: Record<string, unknown> | null): Checkpoint {
  const n = (key: string) => Number(saved?.[key] ?? 0) || 0;
  return { records: n('records'), reportBytes: n('reportBytes'), inserted: n('inserted'), updated: n('updated'), skipped: n('skipped'), failed: n('failed') };
}

/** The file's records as chunks of cleaned rows, after the first `skip` (the header line, then those already done). */
async function* chunks(batches: AsyncGenerator<CsvRecord[]>, targets: readonly (Target | null)[], skip: number): AsyncGenerator<CleanRow[]> {
  let seen = 0;
  let chunk: CleanRow[] = [];
  let chars = 0;
  for await (const batch of batches) {
    for (const record of batch) {
      if (seen++ < skip) continue;
      chunk.push(cleanRow(record, targets));
      for (const cell of record.cells) chars += cell.length;
      if (chunk.length >= CHUNK_ROWS || chars >= CHUNK_CHARS) {
        yield chunk;
        chunk = [];
        chars = 0;
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** A parse error that stops the file (a CSV_ code, e.g. a line with no end) is the user's file, not our failure. */
function asFileError(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    const line = (error as { lines?: number }).lines;
    return errors.badRequest(`The file cannot be read as CSV${line ? ` at line ${line}` : ''}: ${(error as Error).message}`);
  }
  return error;
}

/** The file's header line, read with the import's options. */
export async function readHeaders(file: string, payload: Pick<ImportPayload, 'options'>): Promise<string[]> {
  const records = readRecords(file, payload.options);
  try {
    const first = await records.next();
    if (first.done || first.value.error) throw errors.validation({ file: 'has no header line' });
    return checkHeaders(first.value.cells);
  } catch (error) {
    throw asFileError(error);
  } finally {
    await records.return(undefined);
  }
}

/**
 * The import job: streams the file through the parser a chunk at a time (the next chunk is
 * read and cleaned while the previous one is written), each chunk one transaction holding its
 * identifiers' locks that also saves the checkpoint, so a crashed import resumes after the last
 * chunk that committed and never writes a row twice.
 */
export function importJobHandler(deps: { readonly db: Db; readonly fields: FieldRegistry; readonly settings: SettingsStore }): JobHandler<ImportPayload> {
  return {
    kind: IMPORT_JOB,
    async run(job: RunningJob<ImportPayload>) {
      const { db } = deps;
      const payload = job.payload;
      if (!fs.existsSync(payload.file)) throw errors.badRequest(`The file to import (${payload.name}) is no longer there`);
      const [fields, settings] = await Promise.all([deps.fields.load(db), deps.settings.load(db)]);
      const headers = await readHeaders(payload.file, payload);
      const targets = resolveTargets(headers, payload.mapping, fields);
      const plan: ImportPlan = {
        fields, settings, onMatch: payload.on_match, overwriteBlank: payload.overwrite_blank, createdBy: job.createdBy, jobId: job.id, fileName: payload.name,
        defaults: { ownerId: payload.defaults.owner_id ?? null, statusId: payload.defaults.status_id ?? null, tags: payload.defaults.tags ?? [] },
      };
      const state = fromCheckpoint(job.checkpoint);
      const report = FailureReport.open(job.dir, headers, state.reportBytes);
      state.reportBytes = report.bytes;
      const total = job.progress.total ?? null;

      // The ids of the tag names this run has made sure of: most files name the same few tags on every row.
      const ensured = await ensureTagNames(db, plan.defaults.tags);
      const newTagNames = (rows: readonly CleanRow[]) => {
        const names = new Map<string, string>();
        for (const row of rows) {
          for (const name of row.values?.tags.add ?? []) {
            const key = name.toLowerCase();
            if (!ensured.has(key)) names.set(key, name);
          }
        }
        return [...names.values()];
      };

      /**
       * Writes a chunk; it commits only after `previous` has, so checkpoints commit in file order.
       * Its rows are let go once decided: only their writes, held compactly, wait their turn.
       */
      const write = (rows: CleanRow[], previous: Promise<void>, found: () => void) => {
        const records = rows.length;
        let pending: { rows: CleanRow[]; values: IdentifierValue[][] } | undefined = { rows, values: chunkIdentifiers(fields, rows) };
        return lockedTransaction(db, lockKeys(pending.values.flat()), async (trx) => {
          // A chunk waits for the one before it while holding its locks: nothing may wait on it for long.
          await sql`SET LOCAL lock_timeout = '20s'`.execute(trx);
          const writes = await decideChunk(trx, plan, pending!.rows, pending!.values, { found });
          pending = undefined;
          const { counts, failures } = writes;
          await writeChunk(trx, writes, ensured);
          await previous;
          const counted = { ...state, records: state.records + records };
          for (const outcome of OUTCOMES) counted[outcome] += counts[outcome];
          report.append(failures);
          counted.reportBytes = report.bytes;
          const done = counted.records;
          const progress = { done, total: total === null ? null : Math.max(total, done), failed: counted.failed, inserted: counted.inserted, updated: counted.updated, skipped: counted.skipped };
          await job.report(trx, progress, { ...counted });
          return counted;
        }).then((counted) => { Object.assign(state, counted); });
      };

      /** Starts writing a chunk, and answers once it has found (and locked) the contacts it matches. */
      const start = async (rows: CleanRow[], previous: Promise<void>) => {
        const names = newTagNames(rows);
        for (const [name, id] of await ensureTagNames(db, names)) ensured.set(name, id);
        const named = await resolveNames(db, rows);
        let found!: () => void;
        const located = new Promise<void>((resolve) => { found = resolve; });
        const current = write(named, previous, found);
        current.catch(() => {});
        await Promise.race([located, current]);
        return { current };
      };

      /**
       * The rest of the file from the last chunk committed, IN_FLIGHT chunks at once: the next one
       * starts once the previous holds its locks and has found (and locked) the contacts it
       * matches, so that a row meeting an identifier of the previous chunk waits for it and
       * sees its writes, as if one after the other.
       */
      const pipeline = async () => {
        report.rewind(state.reportBytes);
        // The header line is the first record, then those done before.
        const source = chunks(readRecordBatches(payload.file, payload.options, job.signal), targets, 1 + state.records);
        let next = source.next();
        let previous: Promise<void> = Promise.resolve();
        const inFlight: Promise<void>[] = [];
        try {
          for (;;) {
            const { value: rows, done } = await next;
            if (done) break;
            next = source.next();
            next.catch(() => {}); // awaited on the next turn; a failure meanwhile is not unhandled
            job.signal.throwIfAborted();
            if (inFlight.length >= IN_FLIGHT) await inFlight.shift();
            const { current } = await start(rows, previous);
            inFlight.push(current);
            previous = current;
          }
          await previous;
        } catch (error) {
          // The chunks before a failed one may still be writing: they end (commit or not) first.
          await Promise.allSettled(inFlight);
          throw error;
        } finally {
          await source.return(undefined);
        }
      };

      // A chunk that lost a deadlock (or a lock wait) to a concurrent writer undoes the ones
      // after it too: they are all written again, from the last checkpoint.
      for (let attempt = 1; ; attempt++) {
        try {
          await pipeline();
          break;
        } catch (error) {
          if (!RETRYABLE.has((error as { code?: string }).code ?? '') || attempt >= 4 || job.signal.aborted) throw asFileError(error);
          job.log.warn({ err: error, attempt }, 'import chunk aborted by a concurrent writer; going on from the last checkpoint');
        }
      }
      await job.report(db, { done: state.records, total: state.records, failed: state.failed, inserted: state.inserted, updated: state.updated, skipped: state.skipped });
      if (payload.delete_file) fs.rmSync(payload.file, { force: true });
      return { inserted: state.inserted, updated: state.updated, skipped: state.skipped, failed: state.failed, report_url: reportUrl(job.id) };
    },
  };
}
