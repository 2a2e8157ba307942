import fs from 'node:fs';
import { actor, type App, type AppContext } from '../http/app.js';
import { ErrorResponse, errorResponses, IdParams } from '../http/schemas.js';
import { sweepHourly } from '../http/sweep.js';
import { presentJob } from '../jobs/presenter.js';
import { JobEnvelope } from '../jobs/schema.js';
import { exportJob } from './job.js';
import { ExportCreateBody, ExportFile } from './schema.js';
import * as exports from './service.js';

/** 100,000 ids as JSON are about 1.6 MB; everything else stays under the default limit. */
const BODY_LIMIT = 4 * 1024 * 1024;

export function exportRoutes(app: App, ctx: AppContext) {
  const tags = ['Exports'];
  ctx.jobs.register(exportJob(ctx.db, ctx.fields, ctx.config.exportTtlHours));

  sweepHourly(app, 'exports', 'deleted expired export files', () => exports.sweepExpiredExports(ctx.db, ctx.jobs));

  app.post('/api/v1/exports', {
    bodyLimit: BODY_LIMIT,
    schema: {
      tags,
      summary: 'Export a search result, a selection or every contact to CSV or xlsx, as a background job; its result links to the file',
      body: ExportCreateBody,
      response: { 202: JobEnvelope, ...errorResponses },
    },
  }, async (request, reply) => {
    const fields = await ctx.fields.load(ctx.db);
    const job = await exports.createExport(ctx.db, fields, ctx.jobs, actor(request), request.body);
    return reply.status(202).header('location', `/api/v1/jobs/${job.id}`).send({ job: presentJob(job) });
  });

  app.get('/api/v1/exports/:id/file', {
    schema: {
      tags,
      summary: 'Download a finished export: only the user who made it may (404 for anyone else); 410 once its link has expired',
      params: IdParams,
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      response: { 200: ExportFile, ...errorResponses, 410: ErrorResponse },
    },
  }, async (request, reply) => {
    const file = await exports.exportFile(ctx.db, ctx.jobs, request.params.id, actor(request));
    return reply
      .header('content-type', file.contentType)
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(fs.createReadStream(file.file));
  });
}
