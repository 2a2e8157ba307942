import { Type } from 'typebox';
import { presentContact } from '../contacts/presenter.js';
import { parseContactInput } from '../contacts/input.js';
import * as contacts from '../contacts/service.js';
import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, IdParams, NoContent } from '../http/schemas.js';
import { newDeviceId } from './devices.js';
import { identify } from './identify.js';
import { mergeContacts, unmergeLast } from './merge.js';
import * as memberships from './memberships.js';
import { presentDevice, presentMembership, presentMerge } from './presenter.js';
import {
  DeviceList, DuplicateGroups, IpList, DuplicateQuery, EventJson, LookalikeList, MembershipList, MembershipParams, MergeBody, MergeList,
  MergeResult, UnmergeResult, VisitorCurrentBody, VisitorEventBody, VisitorIdentifyBody, VisitorJson, VisitorSignInBody,
} from './schema.js';
import * as identity from './service.js';

export function identityRoutes(app: App, ctx: AppContext) {
  const tags = ['Identity'];
  const fieldsOf = () => ctx.fields.load(ctx.db);

  app.post('/api/v1/contacts/:id/merge', {
    schema: { tags, summary: 'Merge another contact into this one; identified wins over anonymous, then the older', params: IdParams, body: MergeBody, response: { 200: MergeResult, ...errorResponses } },
  }, async (request) => {
    const fields = await fieldsOf();
    const survivor = await mergeContacts(ctx.db, fields, request.params.id, request.body.from, actor(request).id);
    const mergedId = survivor.id === request.params.id ? request.body.from : request.params.id;
    return { contact: presentContact(survivor, fields), merged_id: mergedId };
  });

  app.post('/api/v1/contacts/:id/unmerge', {
    schema: { tags, summary: 'Undo the most recent merge into this contact, as far as later changes allow', params: IdParams, response: { 200: UnmergeResult, ...errorResponses } },
  }, async (request) => {
    const fields = await fieldsOf();
    const result = await unmergeLast(ctx.db, fields, request.params.id, actor(request).id);
    return { contact: presentContact(result.survivor, fields), restored: presentContact(result.restored, fields), not_restored: result.notRestored };
  });

  app.get('/api/v1/contacts/:id/merges', {
    schema: { tags, summary: 'Merges this contact took part in, newest first', params: IdParams, response: { 200: MergeList, ...errorResponses } },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    return { merges: (await identity.listMerges(ctx.db, contact.id)).map(presentMerge) };
  });

  app.get('/api/v1/contacts/:id/duplicates', {
    schema: { tags, summary: 'Contacts that may be the same person: same email, or same name and phone or company', params: IdParams, response: { 200: LookalikeList, ...errorResponses } },
  }, async (request) => {
    const fields = await fieldsOf();
    const contact = await contacts.getContact(ctx.db, request.params.id);
    return { contacts: (await identity.lookalikes(ctx.db, contact)).map((row) => presentContact(row, fields)) };
  });

  app.get('/api/v1/contacts/duplicates', {
    schema: { tags, summary: 'Groups of possible duplicates across all contacts', querystring: DuplicateQuery, response: { 200: DuplicateGroups, ...errorResponses } },
  }, async (request) => ({ groups: await identity.duplicateGroups(ctx.db, request.query.limit ?? 100) }));

  app.get('/api/v1/contacts/:id/devices', {
    schema: { tags, summary: 'The browsers and apps this contact was seen on', params: IdParams, response: { 200: DeviceList, ...errorResponses } },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    return { devices: (await identity.listDevices(ctx.db, contact.id)).map(presentDevice) };
  });

  app.get('/api/v1/contacts/:id/ips', {
    schema: { tags, summary: 'IP addresses the contact was seen from, with their locations (IP Geolocation by DB-IP)', params: IdParams, response: { 200: IpList, ...errorResponses } },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    const ips = await identity.listIps(ctx.db, contact.id);
    return { ips: ips.map((row) => ({ ...row, first_seen_at: row.first_seen_at.toISOString(), last_seen_at: row.last_seen_at.toISOString() })) };
  });

  app.get('/api/v1/contacts/:id/memberships', {
    schema: { tags, summary: 'Accounts of your web app (users, customers) linked to this contact', params: IdParams, response: { 200: MembershipList, ...errorResponses } },
  }, async (request) => ({ memberships: (await memberships.listMemberships(ctx.db, request.params.id)).map(presentMembership) }));

  app.delete('/api/v1/contacts/:id/memberships/:membershipId', {
    schema: { tags, summary: 'Unlink an account from this contact', params: MembershipParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await memberships.deleteMembership(ctx.db, request.params.id, request.params.membershipId);
    return reply.status(204).send(null);
  });

  visitorRoutes(app, ctx);
}

/** What the Node SDK calls from a customer's web app, with an API token. */
function visitorRoutes(app: App, ctx: AppContext) {
  const tags = ['Visitors (SDK)'];

  app.post('/api/v1/visitors/current', {
    schema: { tags, summary: 'The contact of a visitor by device id or signed-in user name; a first visit gets a new anonymous contact and device id', body: VisitorCurrentBody, response: { 200: VisitorJson, ...errorResponses } },
  }, async (request) => {
    const fields = await ctx.fields.load(ctx.db);
    const { body } = request;
    const visitor = await memberships.currentVisitor(ctx.db, fields, { deviceId: body.device_id, userName: body.user_name, kind: body.kind, userAgent: body.user_agent });
    return { contact: presentContact(visitor.contact, fields), device_id: visitor.deviceId };
  });

  app.post('/api/v1/visitors/sign-in', {
    schema: { tags, summary: 'Call after your app registers or signs a user in: the visitor\'s history joins the user\'s contact', body: VisitorSignInBody, response: { 200: VisitorJson, ...errorResponses } },
  }, async (request) => {
    const fields = await ctx.fields.load(ctx.db);
    const { body } = request;
    const result = await memberships.mergeUserContacts(ctx.db, fields, { deviceId: body.device_id, userName: body.user_name, kind: body.kind, userAgent: body.user_agent });
    return { contact: presentContact(result.contact, fields), device_id: result.deviceId, outcome: result.outcome };
  });

  app.post('/api/v1/visitors/identify', {
    schema: { tags, summary: 'Tell who the visitor is (email or another unique identifier, plus any fields)', body: VisitorIdentifyBody, response: { 200: VisitorJson, ...errorResponses } },
  }, async (request) => {
    const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
    const changes = parseContactInput(fields, request.body.fields, 'patch');
    const deviceId = request.body.device_id ?? newDeviceId();
    const result = await identify(ctx.db, fields, settings, { deviceId, changes, userAgent: request.body.user_agent, source: 'sdk' });
    return { contact: presentContact(result.contact, fields), device_id: deviceId, outcome: result.outcome };
  });

  app.post('/api/v1/visitors/events', {
    schema: { tags, summary: 'Record something the visitor did (e.g. page.hit with {url, title})', body: VisitorEventBody, response: { 201: Type.Object({ event: EventJson }), ...errorResponses } },
  }, async (request, reply) => {
    const fields = await ctx.fields.load(ctx.db);
    const { body } = request;
    const event = await identity.recordVisitorEvent(ctx.db, fields, { deviceId: body.device_id, type: body.type, data: (body.data ?? {}) as Record<string, unknown>, occurredAt: body.occurred_at ? new Date(body.occurred_at) : undefined });
    return reply.status(201).send({ event: { id: event.id, contact_id: event.contact_id, type: event.type, occurred_at: event.occurred_at.toISOString(), data: event.data } });
  });
}
