import type { JobRow } from '../db/schema.js';

/** Rows a second over the current run, and the seconds left at that rate. */
function pace(row: JobRow, now: number) {
  const done = row.progress.done ?? 0;
  const total = row.progress.total ?? null;
  if (row.state !== 'running' || !row.run_started_at) return { rate: null, eta_seconds: null };
  const seconds = (now - row.run_started_at.getTime()) / 1000;
  const rows = done - row.run_started_done;
  if (seconds < 0.5 || rows <= 0) return { rate: null, eta_seconds: null };
  const rate = rows / seconds;
  return { rate: Math.round(rate), eta_seconds: total === null ? null : Math.max(0, Math.ceil((total - done) / rate)) };
}

export function presentJob(row: JobRow, now = Date.now()) {
  const { done = 0, total = null, failed = 0, ...counts } = row.progress;
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    progress: { ...counts, done: done ?? 0, total, failed: failed ?? 0, ...pace(row, now) },
    result: row.result,
    error: row.error,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    finished_at: row.finished_at?.toISOString() ?? null,
  };
}
