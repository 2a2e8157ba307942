import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.js';
import type { FieldRegistry } from '../fields/registry.js';
import type { JobHandler } from '../jobs/runner.js';
import { presentExportResult } from './presenter.js';
import { EXPORT_JOB, exportFilename, type ExportRequest } from './service.js';
import { writeExport } from './write.js';

/**
 * The export job: writes the file into the job's folder and answers its download link, which
 * works for `ttlHours`. A run that stops (shutdown, crash) starts the file over on the next run.
 */
export function exportJob(db: Db, registry: FieldRegistry, ttlHours: number): JobHandler<ExportRequest> {
  return {
    kind: EXPORT_JOB,
    async run(job) {
      const filename = exportFilename(job.payload.format);
      await fs.promises.rm(job.dir, { recursive: true, force: true });
      await fs.promises.mkdir(job.dir, { recursive: true });
      const fields = await registry.load(db);
      const { rows } = await writeExport(db, fields, job.payload, path.join(job.dir, filename), {
        userId: job.createdBy,
        signal: job.signal,
        onProgress: (done, total) => job.report(db, { done, total }),
      });
      return presentExportResult(job.id, rows, job.payload.format, filename, new Date(Date.now() + ttlHours * 3_600_000));
    },
  };
}
