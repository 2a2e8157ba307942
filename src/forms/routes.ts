import { Type } from 'typebox';
import type { App, AppContext } from '../http/app.js';
import { errorResponses, IdParams, NoContent, PageQuery } from '../http/schemas.js';
import { renderEmbed } from './html.js';
import { presentForm, presentSubmission } from './presenter.js';
import { FormCreateBody, FormEmbed, FormJson, FormList, FormUpdateBody, SubmissionList, SubmissionQuery } from './schema.js';
import * as forms from './service.js';
import { submitRoutes } from './submit-routes.js';

/** The forms API (admins define forms) and the public endpoint that receives them. */
export function formRoutes(app: App, ctx: AppContext) {
  const tags = ['Forms'];
  const admin = { role: 'admin' as const };
  const one = Type.Object({ form: FormJson });
  const fieldsOf = () => ctx.fields.load(ctx.db);

  app.get('/api/v1/forms', {
    schema: { tags, summary: 'List forms by name', querystring: PageQuery, response: { 200: FormList, ...errorResponses } },
  }, async (request) => {
    const { rows, total } = await forms.listForms(ctx.db, request.query.offset ?? 0, request.query.limit ?? 30);
    return { forms: rows.map(presentForm), total };
  });

  app.post('/api/v1/forms', {
    config: admin,
    schema: { tags, summary: 'Create a form (admins only)', body: FormCreateBody, response: { 201: one, ...errorResponses } },
  }, async (request, reply) => {
    const form = await forms.createForm(ctx.db, await fieldsOf(), request.body);
    return reply.status(201).header('location', `/api/v1/forms/${form.id}`).send({ form: presentForm(form) });
  });

  app.get('/api/v1/forms/:id', {
    schema: { tags, summary: 'Get a form', params: IdParams, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ form: presentForm(await forms.getForm(ctx.db, request.params.id)) }));

  app.patch('/api/v1/forms/:id', {
    config: admin,
    schema: { tags, summary: 'Change a form; `fields`, when sent, replaces the whole list (admins only)', params: IdParams, body: FormUpdateBody, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ form: presentForm(await forms.updateForm(ctx.db, await fieldsOf(), request.params.id, request.body)) }));

  app.delete('/api/v1/forms/:id', {
    config: admin,
    schema: { tags, summary: 'Delete a form; its submissions stay on the contacts\' timelines (admins only)', params: IdParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await forms.deleteForm(ctx.db, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/api/v1/forms/:id/embed', {
    schema: { tags, summary: 'The form as HTML to paste into a page (no script needed)', params: IdParams, response: { 200: FormEmbed, ...errorResponses } },
  }, async (request) => {
    const form = await forms.getForm(ctx.db, request.params.id);
    return { html: renderEmbed(form, `${request.protocol}://${request.host}`) };
  });

  app.get('/api/v1/forms/:id/submissions', {
    schema: { tags, summary: 'The form\'s submissions, newest first (from its contacts\' timelines)', params: IdParams, querystring: SubmissionQuery, response: { 200: SubmissionList, ...errorResponses } },
  }, async (request) => {
    const { events, total } = await forms.listSubmissions(ctx.db, request.params.id, request.query.offset ?? 0, request.query.limit ?? 30);
    return { submissions: events.map(presentSubmission), total };
  });

  submitRoutes(app, ctx);
}
