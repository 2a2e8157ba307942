import fs from 'node:fs';
import path from 'node:path';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { sweepHourly } from '../http/sweep.js';
import { presentJob } from '../jobs/presenter.js';
import { JobEnvelope } from '../jobs/schema.js';
import { enqueueJob } from '../jobs/service.js';
import { IMPORT_JOB, importJobHandler } from './job.js';
import { presentPreview } from './presenter.js';
import { ImportFormSchema, ImportPreviewJson, MAX_UPLOAD_BYTES, PreviewFormSchema } from './schema.js';
import * as imports from './service.js';
import { sweepUploads } from './sweep.js';
import { receiveUpload } from './upload.js';

export function importRoutes(app: App, ctx: AppContext) {
  const tags = ['Imports'];
  // Beside the jobs' own folders (DATA_DIR/jobs/ID), which servers sharing a database share.
  const uploads = path.join(path.dirname(ctx.jobs.dirOf(0)), 'uploads');
  const deps = { db: ctx.db, fields: ctx.fields };
  ctx.jobs.register(importJobHandler({ db: ctx.db, fields: ctx.fields, settings: ctx.settings }));
  sweepHourly(app, 'imports', 'deleted uploads no import will read', () => sweepUploads(ctx.db, uploads));

  // Multipart for these routes only: the file streams to disk, never into memory.
  app.register(async (scope: App) => {
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 1024 * 1024, parts: 25 } });

    scope.post('/api/v1/imports/preview', {
      config: { documentedBody: PreviewFormSchema },
      schema: {
        tags, consumes: ['multipart/form-data'],
        summary: 'Upload a CSV to see how it reads: detected encoding and delimiter, headers, the first 5 rows and a suggested mapping',
        description: 'Multipart form (see the request body): the file, and how to read it as for POST /api/v1/imports. The file is not kept.',
        response: { 200: Type.Object({ preview: ImportPreviewJson }), ...errorResponses },
      },
    }, async (request) => {
      const upload = await receiveUpload(request, uploads);
      if (!upload.file) throw imports.missingFile();
      return { preview: presentPreview(await imports.previewImport(deps, { path: upload.file.path, name: upload.file.name, deleteAfter: true }, upload.fields)) };
    });

    scope.post('/api/v1/imports', {
      config: { documentedBody: ImportFormSchema },
      schema: {
        tags, consumes: ['multipart/form-data'],
        summary: 'Import contacts from a CSV file as a background job (202 with the job; follow it at Location)',
        description: 'Multipart form (see the request body). Follow the job at GET /api/v1/jobs/{id}; its result links the report of failed rows.',
        response: { 202: JobEnvelope, ...errorResponses },
      },
    }, async (request, reply) => {
      const user = actor(request);
      const upload = await receiveUpload(request, uploads);
      if (!upload.file) throw imports.missingFile();
      const { payload, total } = await imports.prepareImport(deps, user, { path: upload.file.path, name: upload.file.name, deleteAfter: true }, upload.fields);
      const job = await enqueueJob(ctx.db, ctx.jobs, { kind: IMPORT_JOB, payload, createdBy: user.id, total });
      return reply.status(202).header('location', `/api/v1/jobs/${job.id}`).send({ job: presentJob(job) });
    });
  });

  app.get('/api/v1/imports/:id/report', {
    schema: {
      tags, summary: 'Download the failed rows of an import as CSV: line, reason, then the row\'s original values (its creator or an admin)',
      params: IdParams, produces: ['text/csv'], response: { 200: Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', description: 'text/csv' }), ...errorResponses },
    },
  }, async (request, reply) => {
    const { job, file } = await imports.importReport(ctx.db, (id) => ctx.jobs.dirOf(id), request.params.id, actor(request));
    return reply.type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${job.id}-failed-rows.csv"`)
      .header('cache-control', 'private, no-store')
      .send(fs.createReadStream(file));
  });
}
