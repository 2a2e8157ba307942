import type { FastifyBaseLogger } from 'fastify';
import type { AuthUser } from '../auth/cache.js';
import type { Db } from '../db/database.js';
import type { JobProgress, JobRow } from '../db/schema.js';
import { errors } from '../errors.js';
import * as repo from './repo.js';
import type { JobRunner } from './runner.js';

export interface NewJob {
  readonly kind: string;
  readonly payload: Record<string, unknown>;
  readonly createdBy: number | null;
  readonly total?: number | null;
}

/** Queues a job and tells this process's runner, so it starts at once when a slot is free. */
export async function enqueueJob(db: Db, runner: JobRunner, job: NewJob) {
  const progress: JobProgress = { done: 0, total: job.total ?? null, failed: 0 };
  const row = await repo.insertJob(db, { kind: job.kind, payload: job.payload, progress, createdBy: job.createdBy });
  runner.wake();
  return row;
}

/**
 * Creates a job (or, with `resume`, takes back one whose process stopped) and runs it in this
 * process at once, never through the queue; resolves with the job once it has ended. What a
 * command-line tool uses to do a job's work itself.
 */
export async function runJobHere(db: Db, runner: JobRunner, log: FastifyBaseLogger, job: NewJob | { resume: number }, onStart?: (row: JobRow) => void) {
  const row = 'resume' in job
    ? await repo.claimJobById(db, job.resume, runner.id, 30)
    : await repo.insertRunningJob(db, { kind: job.kind, payload: job.payload, progress: { done: 0, total: job.total ?? null, failed: 0 }, createdBy: job.createdBy }, runner.id);
  if (!row) {
    const found = 'resume' in job ? await repo.findJob(db, job.resume) : undefined;
    if (!found) throw errors.notFound('Job');
    throw errors.conflict(found.state === 'running'
      ? `Job ${found.id} is running in another process (its heartbeat is fresh); wait for it, or for 30 s after that process stopped`
      : `Job ${found.id} has ${found.state === 'cancelled' ? 'been cancelled' : 'finished'} already`);
  }
  onStart?.(row);
  await runner.runClaimed(row, log);
  return (await repo.findJob(db, row.id))!;
}

/** A job as stored, whoever asks: for the command line, which acts as the operator. */
export const findJobRow = (db: Db, id: number) => repo.findJob(db, id);

/** A job its creator (or an admin) may see; anyone else is told it does not exist. */
export async function getJob(db: Db, id: number, user: AuthUser, kind?: string) {
  const job = await repo.findJob(db, id);
  if (!job || (kind && job.kind !== kind) || (user.role !== 'admin' && job.created_by !== user.id)) throw errors.notFound('Job');
  return job;
}

/** The user's own jobs; an admin may ask for everyone's. */
export async function listJobs(db: Db, user: AuthUser, query: { kind?: string; all?: boolean; offset: number; limit: number }) {
  const filter = { kind: query.kind, createdBy: query.all && user.role === 'admin' ? undefined : user.id };
  const [rows, total] = await Promise.all([repo.listJobs(db, filter, query.offset, query.limit), repo.countJobs(db, filter)]);
  return { rows, total };
}

export async function cancelJob(db: Db, runner: JobRunner, id: number, user: AuthUser) {
  const job = await getJob(db, id, user);
  const cancelled = await repo.cancelJob(db, job.id);
  if (!cancelled) throw errors.conflict(`The job has ${job.state === 'succeeded' || job.state === 'failed' ? 'finished' : 'been cancelled'} already`);
  runner.cancelled(job.id);
  return cancelled;
}
