import { Type } from 'typebox';
import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, IdParams, NoContent } from '../http/schemas.js';
import type { FieldSet } from '../fields/registry.js';
import * as batch from './batch.js';
import { batchActionJob, startBatchAction } from './batch-job.js';
import { presentJob } from '../jobs/presenter.js';
import { JobEnvelope } from '../jobs/schema.js';
import { presentContact } from './presenter.js';
import {
  BatchActionBody, BatchCreateBody, BatchDeleteBody, CreateQuery, BatchResults, BatchUpdateBody, ContactInput, ContactJson, ContactList, ContactListQuery,
} from './schema.js';
import * as contacts from './service.js';

/** Batches carry up to 1000 contacts; everything else stays under the default 1 MiB. */
const BATCH_BODY_LIMIT = 16 * 1024 * 1024;

function presentResults(results: batch.BatchResult[], fields: FieldSet) {
  return {
    results: results.map(({ row, ...result }) => (row ? { ...result, contact: presentContact(row, fields) } : result)),
  };
}

export function contactRoutes(app: App, ctx: AppContext) {
  const tags = ['Contacts'];
  const one = Type.Object({ contact: ContactJson });

  app.get('/api/v1/contacts', {
    schema: { tags, summary: 'List contacts matching a search (Mautic syntax), with paging and sorting by any field', querystring: ContactListQuery, response: { 200: ContactList, ...errorResponses } },
  }, async (request) => {
    const fields = await ctx.fields.load(ctx.db);
    const { offset = 0, limit = 30, sort, search, q } = request.query;
    const { rows, total, totalExact } = await contacts.listContacts(ctx.db, fields, { offset, limit, sort, search: search ?? q, userId: actor(request).id });
    return { contacts: rows.map((row) => presentContact(row, fields)), total, total_exact: totalExact, offset, limit };
  });

  app.post('/api/v1/contacts', {
    schema: { tags, summary: 'Create a contact; when a unique identifier (email) is taken: 409, or with on_duplicate=update that contact is updated (200)', querystring: CreateQuery, body: ContactInput, response: { 200: one, 201: one, ...errorResponses } },
  }, async (request, reply) => {
    const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
    const { row, created } = await contacts.createContact(ctx.db, fields, settings, request.body, actor(request).id, request.query.on_duplicate);
    if (created) reply.status(201).header('location', `/api/v1/contacts/${row.id}`);
    return reply.send({ contact: presentContact(row, fields) });
  });

  app.post('/api/v1/contacts/batch', {
    bodyLimit: BATCH_BODY_LIMIT,
    schema: { tags, summary: 'Create up to 1000 contacts, each on its own, with a result per item', querystring: CreateQuery, body: BatchCreateBody, response: { 200: BatchResults, ...errorResponses } },
  }, async (request) => {
    const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
    return presentResults(await batch.createMany(ctx.db, fields, settings, request.body.contacts, actor(request).id, request.query.on_duplicate ?? 'refuse'), fields);
  });

  app.patch('/api/v1/contacts/batch', {
    bodyLimit: BATCH_BODY_LIMIT,
    schema: { tags, summary: 'Change up to 1000 contacts (each item names its id), with a result per item', body: BatchUpdateBody, response: { 200: BatchResults, ...errorResponses } },
  }, async (request) => {
    const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
    return presentResults(await batch.updateMany(ctx.db, fields, settings, request.body.contacts), fields);
  });

  app.delete('/api/v1/contacts/batch', {
    schema: { tags, summary: 'Delete up to 1000 contacts in one transaction, with a result per id', body: BatchDeleteBody, response: { 200: BatchResults, ...errorResponses } },
  }, async (request) => {
    const fields = await ctx.fields.load(ctx.db);
    return presentResults(await batch.deleteMany(ctx.db, request.body.ids), fields);
  });

  ctx.jobs.register(batchActionJob(ctx.db, ctx.fields));
  app.post('/api/v1/contacts/actions', {
    schema: {
      tags, summary: 'Set the owner of, tag, untag or delete every contact a search matches, as a background job (202; follow it at GET /api/v1/jobs/{id})',
      body: BatchActionBody, response: { 202: JobEnvelope, ...errorResponses },
    },
  }, async (request, reply) => {
    const fields = await ctx.fields.load(ctx.db);
    const job = await startBatchAction(ctx.db, fields, ctx.jobs, actor(request), request.body);
    return reply.status(202).header('location', `/api/v1/jobs/${job.id}`).send({ job: presentJob(job) });
  });

  app.get('/api/v1/contacts/:id', {
    schema: { tags, summary: 'Get a contact; a merged-away id answers with the contact it was merged into', params: IdParams, response: { 200: one, ...errorResponses } },
  }, async (request) => {
    const fields = await ctx.fields.load(ctx.db);
    return { contact: presentContact(await contacts.getContact(ctx.db, request.params.id), fields) };
  });

  app.patch('/api/v1/contacts/:id', {
    schema: { tags, summary: 'Change the fields sent; null clears a field', params: IdParams, body: ContactInput, response: { 200: one, ...errorResponses } },
  }, async (request) => {
    const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
    return { contact: presentContact(await contacts.updateContact(ctx.db, fields, settings, request.params.id, request.body, 'patch'), fields) };
  });

  app.put('/api/v1/contacts/:id', {
    schema: { tags, summary: 'Replace a contact: every field not sent is cleared', params: IdParams, body: ContactInput, response: { 200: one, ...errorResponses } },
  }, async (request) => {
    const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
    return { contact: presentContact(await contacts.updateContact(ctx.db, fields, settings, request.params.id, request.body, 'replace'), fields) };
  });

  app.delete('/api/v1/contacts/:id', {
    schema: { tags, summary: 'Delete a contact and everything that belongs to it', params: IdParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await contacts.deleteContact(ctx.db, request.params.id);
    return reply.status(204).send(null);
  });
}
