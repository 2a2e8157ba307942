import type { LoadResult } from './load.js';

export interface PhaseStats {
  readonly operations: number;
  /** Operations that ended within the measured time, divided by that time. */
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The value below which `p` percent of the sorted samples lie (nearest rank). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(result: LoadResult): PhaseStats {
  const sorted = Float64Array.from(result.latenciesMs).sort();
  return {
    operations: result.operations,
    perSecond: result.operations / result.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}
