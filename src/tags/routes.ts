import { Type } from 'typebox';
import * as contacts from '../contacts/service.js';
import { errors } from '../errors.js';
import type { App, AppContext } from '../http/app.js';
import { errorResponses, IdParams, LIMITS, Timestamp } from '../http/schemas.js';
import * as tags from './service.js';

const TagNames = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 });
const ContactTag = Type.Object({ id: Type.Integer(), name: Type.String(), added_at: Timestamp });

export function tagRoutes(app: App, ctx: AppContext) {
  const schemaTags = ['Tags'];

  app.get('/api/v1/tags', {
    schema: { tags: schemaTags, summary: 'Every tag with the number of contacts that have it', response: { 200: Type.Object({ tags: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), description: Type.String(), contacts: Type.Integer() })) }), ...errorResponses } },
  }, async () => ({ tags: (await tags.listTags(ctx.db)).map((t) => ({ ...t, contacts: Number(t.contacts) })) }));

  app.post('/api/v1/contacts/batch/tags', {
    schema: {
      tags: schemaTags, summary: 'Add and remove tags on up to 1000 contacts in one transaction (unknown tags are created)',
      body: Type.Object({
        ids: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: LIMITS.batchSize, description: 'The contacts; an unknown or merged-away id refuses the whole request' }),
        add: Type.Optional(TagNames),
        remove: Type.Optional(TagNames),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          contacts: Type.Integer({ description: 'Contacts named' }),
          changed: Type.Integer({ description: 'Contacts whose tags changed' }),
          added: Type.Integer({ description: 'Tags given (contact, tag pairs that are new)' }),
          removed: Type.Integer({ description: 'Tags taken away' }),
        }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const changes = tags.parseTagChanges([...(request.body.add ?? []), ...(request.body.remove ?? []).map((t) => `-${t}`)]);
    if (changes.add.length === 0 && changes.remove.length === 0) throw errors.validation({ add: 'name at least one tag to add or remove' });
    return ctx.db.transaction().execute((trx) => tags.changeManyContactsTags(trx, request.body.ids, changes));
  });

  app.get('/api/v1/contacts/:id/tags', {
    schema: { tags: schemaTags, summary: 'A contact\'s tags', params: IdParams, response: { 200: Type.Object({ tags: Type.Array(ContactTag) }), ...errorResponses } },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    return { tags: (await tags.listContactTags(ctx.db, contact.id)).map((t) => ({ id: t.id, name: t.name, added_at: t.created_at.toISOString() })) };
  });

  app.post('/api/v1/contacts/:id/tags', {
    schema: {
      tags: schemaTags, summary: 'Add and remove tags (unknown tags are created)', params: IdParams,
      body: Type.Object({ add: Type.Optional(TagNames), remove: Type.Optional(TagNames) }, { additionalProperties: false }),
      response: { 200: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()), tags: Type.Array(ContactTag) }), ...errorResponses },
    },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    const changes = tags.parseTagChanges([...(request.body.add ?? []), ...(request.body.remove ?? []).map((t) => `-${t}`)]);
    const result = await ctx.db.transaction().execute((trx) => tags.changeContactTags(trx, contact.id, changes));
    const now = (await tags.listContactTags(ctx.db, contact.id)).map((t) => ({ id: t.id, name: t.name, added_at: t.created_at.toISOString() }));
    return { ...result, tags: now };
  });
}
