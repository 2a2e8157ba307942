import type { LoadSettings } from './options.js';

/** Aborted on Ctrl-C (bench/run.ts): loops stop early and the benchmark cleans up after itself. */
export const interruption = new AbortController();

export interface LoadResult {
  /** Operations that ended within the measured time. */
  readonly operations: number;
  readonly seconds: number;
  /** Of every operation, those still running at the end of the time included. */
  readonly latenciesMs: readonly number[];
}

// Bounds memory whatever the speed of the operation.
const MAX_OPERATIONS = 2_000_000;
/** Turns each operation takes in a measured run; see measureTakingTurns. */
const ROUNDS = 5;

/**
 * Runs `operation` from `concurrency` callers at once, each starting its next call as soon as
 * the previous one ends (a closed loop, like clients waiting for their answers), for `seconds`.
 * The first failure stops every caller and is thrown: a benchmark of failing requests means nothing.
 */
export async function runLoad(concurrency: number, seconds: number, operation: () => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let started = 0;
  let endedInTime = 0;
  let failure: { error: unknown } | undefined;
  const start = performance.now();
  const deadline = start + seconds * 1000;

  const caller = async () => {
    while (!failure && !interruption.signal.aborted && started < MAX_OPERATIONS && performance.now() < deadline) {
      started++;
      const begin = performance.now();
      try {
        await operation();
      } catch (error) {
        failure ??= { error };
        return;
      }
      const end = performance.now();
      latencies.push(end - begin);
      if (end <= deadline) endedInTime++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));

  if (failure) throw failure.error;
  if (interruption.signal.aborted) throw new Error('interrupted');
  // The callers' last operations end after the deadline, some of them with fewer callers still
  // busy; counting only what ended in time keeps that tail out of the rate.
  return { operations: endedInTime, seconds, latenciesMs: latencies };
}

/**
 * Measures operations that are to be compared with each other. Each is warmed up (JIT, pools,
 * caches), then they take turns in ROUNDS short slices adding up to `settings.seconds` each, so
 * that whatever else the machine is doing meanwhile weighs on all of them alike.
 */
export async function measureTakingTurns(settings: LoadSettings, operations: readonly (() => Promise<unknown>)[]): Promise<LoadResult[]> {
  for (const operation of operations) await runLoad(settings.concurrency, settings.warmupSeconds, operation);
  const slices: LoadResult[][] = operations.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, operation] of operations.entries()) slices[i].push(await runLoad(settings.concurrency, settings.seconds / ROUNDS, operation));
  }
  return slices.map((results) => ({
    operations: results.reduce((sum, r) => sum + r.operations, 0),
    seconds: results.reduce((sum, r) => sum + r.seconds, 0),
    latenciesMs: results.flatMap((r) => r.latenciesMs),
  }));
}
