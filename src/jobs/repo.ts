import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, JobProgress, JobState } from '../db/schema.js';

export function insertJob(db: Db, job: { kind: string; payload: Record<string, unknown>; progress: JobProgress; createdBy: number | null }) {
  return db.insertInto('jobs')
    .values({ kind: job.kind, payload: JSON.stringify(job.payload), progress: JSON.stringify(job.progress), created_by: job.createdBy })
    .returningAll().executeTakeFirstOrThrow();
}

/** A job that `runner` runs from the start, never queued for another process: the CLI's way. */
export function insertRunningJob(db: Db, job: { kind: string; payload: Record<string, unknown>; progress: JobProgress; createdBy: number | null }, runner: string) {
  return db.insertInto('jobs')
    .values({
      kind: job.kind, payload: JSON.stringify(job.payload), progress: JSON.stringify(job.progress), created_by: job.createdBy,
      state: 'running', runner, attempts: 1, started_at: sql`now()`, run_started_at: sql`now()`, heartbeat_at: sql`now()`,
    })
    .returningAll().executeTakeFirstOrThrow();
}

/** What taking a job for `runner` sets: running, its run's start, a fresh heartbeat, one more attempt. */
function claimedBy(runner: string) {
  return {
    state: 'running' as const,
    started_at: sql<Date>`coalesce(started_at, now())`,
    run_started_at: sql<Date>`now()`,
    run_started_done: sql<number>`coalesce((progress->>'done')::bigint, 0)`,
    heartbeat_at: sql<Date>`now()`,
    runner,
    attempts: sql<number>`attempts + 1`,
  };
}

/** A job that may be taken: queued, or running with a heartbeat older than `staleSeconds` (its process died). */
function claimable(staleSeconds: number) {
  return (w: ExpressionBuilder<Database, 'jobs'>) => w.or([
    w('state', '=', 'queued'),
    w.and([w('state', '=', 'running'), w('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleSeconds})`)]),
  ]);
}

/** Takes one job by id for `runner` when it may be taken. */
export function claimJobById(db: Db, id: number, runner: string, staleSeconds: number) {
  return db.updateTable('jobs').set(claimedBy(runner))
    .where('id', '=', id).where(claimable(staleSeconds))
    .returningAll().executeTakeFirst();
}

export function findJob(db: Db, id: number) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listJobs(db: Db, filter: { createdBy?: number; kind?: string }, offset: number, limit: number) {
  let query = db.selectFrom('jobs').selectAll();
  if (filter.createdBy !== undefined) query = query.where('created_by', '=', filter.createdBy);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return query.orderBy('id', 'desc').offset(offset).limit(limit).execute();
}

export async function countJobs(db: Db, filter: { createdBy?: number; kind?: string }) {
  let query = db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n'));
  if (filter.createdBy !== undefined) query = query.where('created_by', '=', filter.createdBy);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Takes the oldest job of `kinds` that may be taken, for `runner`. SKIP LOCKED: two processes never take one job. */
export function claimJob(db: Db, kinds: readonly string[], runner: string, staleSeconds: number) {
  return db.updateTable('jobs').set(claimedBy(runner))
    .where('id', '=', (eb) => eb.selectFrom('jobs').select('id')
      .where('kind', 'in', [...kinds]).where(claimable(staleSeconds))
      .orderBy('id').limit(1).forUpdate().skipLocked())
    .returningAll().executeTakeFirst();
}

/** Keeps a running job ours; answers false when it is no longer (cancelled, or taken over). */
export async function heartbeat(db: Db, id: number, runner: string): Promise<boolean> {
  const row = await db.updateTable('jobs').set({ heartbeat_at: sql`now()` })
    .where('id', '=', id).where('runner', '=', runner).where('state', '=', 'running')
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function saveProgress(db: Db, id: number, runner: string, progress: JobProgress, checkpoint?: Record<string, unknown>) {
  const row = await db.updateTable('jobs')
    .set({
      progress: sql`progress || ${JSON.stringify(progress)}::jsonb`,
      ...(checkpoint === undefined ? {} : { checkpoint: JSON.stringify(checkpoint) }),
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', id).where('runner', '=', runner).where('state', '=', 'running')
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

export function finishJob(db: Db, id: number, runner: string, state: Extract<JobState, 'succeeded' | 'failed'>, outcome: { result?: Record<string, unknown>; error?: string }) {
  return db.updateTable('jobs')
    .set({ state, result: outcome.result ? JSON.stringify(outcome.result) : null, error: outcome.error ?? null, finished_at: sql`now()`, runner: null })
    .where('id', '=', id).where('runner', '=', runner).where('state', '=', 'running')
    .executeTakeFirst();
}

/** Hands a job back to the queue (a clean shutdown), keeping its progress and checkpoint. */
export function requeueJob(db: Db, id: number, runner: string) {
  return db.updateTable('jobs').set({ state: 'queued', runner: null, heartbeat_at: null })
    .where('id', '=', id).where('runner', '=', runner).where('state', '=', 'running')
    .executeTakeFirst();
}

export function cancelJob(db: Db, id: number) {
  return db.updateTable('jobs').set({ state: 'cancelled', finished_at: sql`now()`, runner: null })
    .where('id', '=', id).where('state', 'in', ['queued', 'running'])
    .returningAll().executeTakeFirst();
}
