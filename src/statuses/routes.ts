import { Type } from 'typebox';
import type { App, AppContext } from '../http/app.js';
import { errorResponses, IdParams, NoContent } from '../http/schemas.js';
import { presentStatus } from './presenter.js';
import { StatusCreateBody, StatusJson, StatusList, StatusUpdateBody } from './schema.js';
import * as statuses from './service.js';

export function statusRoutes(app: App, ctx: AppContext) {
  const tags = ['Statuses'];
  const admin = { role: 'admin' as const };
  const one = Type.Object({ status: StatusJson });

  app.get('/api/v1/statuses', {
    schema: { tags, summary: 'List contact statuses', response: { 200: StatusList, ...errorResponses } },
  }, async () => {
    const rows = await statuses.listStatuses(ctx.db);
    return { statuses: rows.map(presentStatus), total: rows.length };
  });

  app.post('/api/v1/statuses', {
    config: admin,
    schema: { tags, summary: 'Create a status (admins only)', body: StatusCreateBody, response: { 201: one, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send({ status: presentStatus(await statuses.createStatus(ctx.db, request.body)) }));

  app.get('/api/v1/statuses/:id', {
    schema: { tags, summary: 'Get a status', params: IdParams, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ status: presentStatus(await statuses.getStatus(ctx.db, request.params.id)) }));

  app.patch('/api/v1/statuses/:id', {
    config: admin,
    schema: { tags, summary: 'Change a status (admins only)', params: IdParams, body: StatusUpdateBody, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ status: presentStatus(await statuses.updateStatus(ctx.db, request.params.id, request.body)) }));

  app.delete('/api/v1/statuses/:id', {
    config: admin,
    schema: { tags, summary: 'Delete a status; contacts that had it have none (admins only)', params: IdParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await statuses.deleteStatus(ctx.db, request.params.id);
    return reply.status(204).send(null);
  });
}
