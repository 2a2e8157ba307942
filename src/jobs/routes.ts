import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, IdParams } from '../http/schemas.js';
import { presentJob } from './presenter.js';
import { JobEnvelope, JobList, JobListQuery } from './schema.js';
import * as jobs from './service.js';

export function jobRoutes(app: App, ctx: AppContext) {
  const tags = ['Jobs'];
  app.addHook('onReady', async () => ctx.jobs.start(app.log));
  app.addHook('onClose', async () => ctx.jobs.stop());

  app.get('/api/v1/jobs', {
    schema: { tags, summary: 'List your background jobs (imports, exports), newest first', querystring: JobListQuery, response: { 200: JobList, ...errorResponses } },
  }, async (request) => {
    const { offset = 0, limit = 30, kind, all } = request.query;
    const { rows, total } = await jobs.listJobs(ctx.db, actor(request), { kind, all, offset, limit });
    return { jobs: rows.map((row) => presentJob(row)), total };
  });

  app.get('/api/v1/jobs/:id', {
    schema: { tags, summary: 'A job\'s state, progress (rows done, rate, ETA), errors and result', params: IdParams, response: { 200: JobEnvelope, ...errorResponses } },
  }, async (request) => ({ job: presentJob(await jobs.getJob(ctx.db, request.params.id, actor(request))) }));

  app.post('/api/v1/jobs/:id/cancel', {
    schema: { tags, summary: 'Cancel a queued or running job; what it committed stays', params: IdParams, response: { 200: JobEnvelope, ...errorResponses } },
  }, async (request) => ({ job: presentJob(await jobs.cancelJob(ctx.db, ctx.jobs, request.params.id, actor(request))) }));
}
