import { Type } from 'typebox';
import type { App, AppContext } from '../http/app.js';
import { errorResponses, NoContent } from '../http/schemas.js';
import { presentField } from './presenter.js';
import { AliasParams, FieldCreateBody, FieldJson, FieldList, FieldUpdateBody } from './schema.js';
import * as fields from './service.js';

export function fieldRoutes(app: App, ctx: AppContext) {
  const tags = ['Fields'];
  const admin = { role: 'admin' as const };
  const one = Type.Object({ field: FieldJson });

  app.get('/api/v1/fields', {
    schema: { tags, summary: 'The contact field registry: built-in and custom fields in display order', response: { 200: FieldList, ...errorResponses } },
  }, async () => {
    const all = await fields.listFields(ctx.db, ctx.fields);
    return { fields: all.map(presentField), total: all.length };
  });

  app.post('/api/v1/fields', {
    config: admin,
    schema: { tags, summary: 'Create a custom field (admins only)', body: FieldCreateBody, response: { 201: one, ...errorResponses } },
  }, async (request, reply) => reply.status(201).send({ field: presentField(await fields.createField(ctx.db, ctx.fields, request.body)) }));

  app.get('/api/v1/fields/:alias', {
    schema: { tags, summary: 'Get a field by alias', params: AliasParams, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ field: presentField(await fields.getField(ctx.db, ctx.fields, request.params.alias)) }));

  app.patch('/api/v1/fields/:alias', {
    config: admin,
    schema: { tags, summary: 'Change a field\'s settings; alias and type cannot change (admins only)', params: AliasParams, body: FieldUpdateBody, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ field: presentField(await fields.updateField(ctx.db, ctx.fields, request.params.alias, request.body)) }));

  app.delete('/api/v1/fields/:alias', {
    config: admin,
    schema: { tags, summary: 'Delete a custom field and its value on every contact (admins only)', params: AliasParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await fields.deleteField(ctx.db, ctx.fields, request.params.alias);
    return reply.status(204).send(null);
  });
}
