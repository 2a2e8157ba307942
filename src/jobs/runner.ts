import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Db } from '../db/database.js';
import type { JobProgress, JobRow } from '../db/schema.js';
import { AppError } from '../errors.js';
import * as repo from './repo.js';

/** A claimed job as its handler sees it. */
export interface RunningJob<P = Record<string, unknown>> {
  readonly id: number;
  readonly payload: P;
  readonly createdBy: number | null;
  /** What an earlier run saved with report(), to resume from after a crash; null on the first run. */
  readonly checkpoint: Record<string, unknown> | null;
  readonly progress: JobProgress;
  /** Aborted when the job is cancelled or the server stops: stop at the next safe point. */
  readonly signal: AbortSignal;
  /** A folder of this job's own for the files it reads and writes. */
  readonly dir: string;
  readonly log: Logger;
  /**
   * Saves progress, and a checkpoint to resume from, through `db`: pass the transaction that
   * wrote the work they describe, so both commit or neither does. Throws the abort reason when
   * the job was cancelled meanwhile.
   */
  report(db: Db, progress: JobProgress, checkpoint?: Record<string, unknown>): Promise<void>;
}

/** A kind of job: `run` does the work and answers the job's result. */
export interface JobHandler<P = Record<string, unknown>> {
  readonly kind: string;
  run(job: RunningJob<P>): Promise<Record<string, unknown>>;
}

export interface JobRunnerOptions {
  /** Jobs run at once in this process. */
  readonly concurrency?: number;
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
  /** A running job whose heartbeat is older than this belongs to a dead process. */
  readonly staleSeconds?: number;
  /** Runs after which a job that keeps crashing its process is failed. */
  readonly maxAttempts?: number;
}

const CANCELLED = 'cancelled';
const SHUTDOWN = 'shutdown';

/**
 * Runs the queued jobs of the kinds registered with it, in this process, next to any other
 * process doing the same on the same database.
 */
export class JobRunner {
  readonly id = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly handlers = new Map<string, JobHandler<any>>();
  private readonly running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  private readonly options: Required<JobRunnerOptions>;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private repoll = false;
  private stopped = true;
  private log: Logger | undefined;

  constructor(private readonly db: Db, private readonly filesDir: string, options: JobRunnerOptions = {}) {
    this.options = { concurrency: 2, pollMs: 1000, heartbeatMs: 5000, staleSeconds: 30, maxAttempts: 3, ...options };
  }

  register(handler: JobHandler<any>) {
    this.handlers.set(handler.kind, handler);
  }

  dirOf(jobId: number) {
    return path.join(this.filesDir, String(jobId));
  }

  start(log: Logger) {
    if (!this.stopped) return;
    this.stopped = false;
    this.log = log.child({ category: 'jobs', runner: this.id });
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  /** Looks for work now (after an enqueue) rather than at the next poll. */
  wake() {
    if (this.stopped) return;
    if (this.polling) {
      this.repoll = true;
      return;
    }
    this.polling = true;
    void this.poll().finally(() => {
      this.polling = false;
      if (this.repoll) {
        this.repoll = false;
        this.wake();
      }
    });
  }

  /** Stops taking jobs and hands the running ones back to the queue at their next safe point. */
  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    for (const { controller } of this.running.values()) controller.abort(SHUTDOWN);
    await Promise.all([...this.running.values()].map((job) => job.done));
  }

  /** Aborts a job running here that was cancelled (the caller has changed its state). */
  cancelled(jobId: number) {
    this.running.get(jobId)?.controller.abort(CANCELLED);
  }

  /**
   * Runs a job this runner has claimed (see service.runJobHere) in this process now, whether
   * or not the runner polls, and resolves once it has ended, whatever its outcome.
   */
  async runClaimed(row: JobRow, log: Logger): Promise<void> {
    this.log ??= log.child({ category: 'jobs', runner: this.id });
    if (!this.handlers.has(row.kind)) throw new Error(`No handler for jobs of kind ${row.kind}`);
    this.launch(row);
    await this.running.get(row.id)?.done;
  }

  private async poll() {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return;
    try {
      while (!this.stopped && this.running.size < this.options.concurrency) {
        const row = await repo.claimJob(this.db, kinds, this.id, this.options.staleSeconds);
        if (!row) return;
        this.launch(row);
      }
    } catch (error) {
      this.log?.warn({ err: error }, 'could not look for jobs');
    }
  }

  private launch(row: JobRow) {
    const controller = new AbortController();
    const done = this.execute(row, controller).finally(() => {
      this.running.delete(row.id);
      this.wake();
    });
    this.running.set(row.id, { controller, done });
  }

  private async execute(row: JobRow, controller: AbortController) {
    const log = this.log!.child({ job: row.id, kind: row.kind });
    if (row.attempts > this.options.maxAttempts) {
      await repo.finishJob(this.db, row.id, this.id, 'failed', { error: `Stopped after ${this.options.maxAttempts} attempts that did not finish` });
      return;
    }
    const beat = setInterval(() => {
      repo.heartbeat(this.db, row.id, this.id)
        .then((ours) => { if (!ours) controller.abort(CANCELLED); })
        .catch((error) => log.warn({ err: error }, 'heartbeat failed'));
    }, this.options.heartbeatMs);
    const job: RunningJob = {
      id: row.id,
      payload: row.payload,
      createdBy: row.created_by,
      checkpoint: row.checkpoint,
      progress: row.progress,
      signal: controller.signal,
      dir: this.dirOf(row.id),
      log,
      report: async (db, progress, checkpoint) => {
        controller.signal.throwIfAborted();
        if (!(await repo.saveProgress(db, row.id, this.id, progress, checkpoint))) {
          controller.abort(CANCELLED);
          controller.signal.throwIfAborted();
        }
      },
    };
    try {
      log.info({ attempt: row.attempts }, 'job started');
      const result = await this.handlers.get(row.kind)!.run(job);
      controller.signal.throwIfAborted();
      await repo.finishJob(this.db, row.id, this.id, 'succeeded', { result });
      log.info('job succeeded');
    } catch (error) {
      if (controller.signal.aborted && controller.signal.reason === SHUTDOWN) {
        await repo.requeueJob(this.db, row.id, this.id).catch(() => {});
        log.info('job handed back to the queue');
      } else if (controller.signal.aborted && controller.signal.reason === CANCELLED) {
        log.info('job cancelled');
      } else {
        // An AppError says what is wrong with the job's input; anything else is ours, and logged.
        if (!(error instanceof AppError)) log.error({ err: error }, 'job failed');
        const message = error instanceof AppError ? error.message : 'The job failed on our side; the error has been logged';
        await repo.finishJob(this.db, row.id, this.id, 'failed', { error: message }).catch(() => {});
      }
    } finally {
      clearInterval(beat);
    }
  }
}
