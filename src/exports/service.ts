import fs from 'node:fs';
import path from 'node:path';
import type { AuthUser } from '../auth/cache.js';
import { matchingContactsQuery } from '../contacts/search.js';
import type { Db } from '../db/database.js';
import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import type { JobRunner } from '../jobs/runner.js';
import { enqueueJob, getJob } from '../jobs/service.js';
import { exportColumns, type Column } from './columns.js';
import type { ExportResult } from './presenter.js';
import * as repo from './repo.js';
import { CONTENT_TYPES, type ExportFormat } from './formats.js';

export const EXPORT_JOB = 'export';

/** What to export: a search, a selection of ids, or (neither) every contact. */
export interface ExportRequest {
  readonly search?: string;
  readonly ids?: readonly number[];
  readonly format: ExportFormat;
  /** Field aliases (and extra columns) in the order wanted; all published fields when absent. */
  readonly fields?: readonly string[];
}

/** Checks a request without running it: the 400s (bad field, bad search) come now, not from the job. */
export function checkExport(db: Db, fields: FieldSet, request: ExportRequest, userId: number | null): Column[] {
  if (request.search !== undefined && request.ids !== undefined) {
    throw errors.validation({ ids: 'give either search or ids, not both', search: 'give either search or ids, not both' });
  }
  const columns = exportColumns(fields, request.fields);
  if (request.ids === undefined) matchingContactsQuery(db, fields, { search: request.search, userId });
  return columns;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** contacts-YYYYMMDD-HHMMSS.csv, in UTC. */
export function exportFilename(format: ExportFormat, at = new Date()): string {
  const date = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
  return `contacts-${date}-${time}.${format}`;
}

export async function createExport(db: Db, fields: FieldSet, runner: JobRunner, user: AuthUser, request: ExportRequest) {
  checkExport(db, fields, request, user.id);
  const payload = {
    format: request.format,
    ...(request.search !== undefined ? { search: request.search } : {}),
    ...(request.ids !== undefined ? { ids: [...request.ids] } : {}),
    ...(request.fields !== undefined ? { fields: [...request.fields] } : {}),
  };
  return enqueueJob(db, runner, { kind: EXPORT_JOB, payload, createdBy: user.id, total: request.ids?.length ?? null });
}

/**
 * An export's file, for the user who made it and no one else (an admin included): anyone else
 * is told it does not exist. An expired link answers 410 and its file is deleted.
 */
export async function exportFile(db: Db, runner: JobRunner, id: number, user: AuthUser) {
  const job = await getJob(db, id, user, EXPORT_JOB);
  if (job.created_by !== user.id) throw errors.notFound('Export');
  if (job.state !== 'succeeded') throw errors.conflict(`The export is ${job.state === 'failed' || job.state === 'cancelled' ? job.state : 'not finished yet'}; see GET /api/v1/jobs/${job.id}`);
  const result = job.result as unknown as ExportResult;
  const file = path.join(runner.dirOf(job.id), path.basename(result.filename));
  if (result.expired || Date.parse(result.expires_at) <= Date.now()) {
    await removeExportFiles(db, runner, [job.id]);
    throw errors.gone(`The export's link expired at ${result.expires_at}; export again`);
  }
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat) throw errors.gone('The export\'s file is no longer there; export again');
  return { file, size: stat.size, filename: result.filename, contentType: CONTENT_TYPES[result.format] };
}

async function removeExportFiles(db: Db, runner: JobRunner, ids: readonly number[]) {
  for (const id of ids) await fs.promises.rm(runner.dirOf(id), { recursive: true, force: true });
  await repo.markExpired(db, ids);
}

/** Deletes the files of every export whose link has expired; answers how many. */
export async function sweepExpiredExports(db: Db, runner: JobRunner): Promise<number> {
  const ids = await repo.expiredExports(db);
  await removeExportFiles(db, runner, ids);
  return ids.length;
}
