import { Type } from 'typebox';
import * as contacts from '../contacts/service.js';
import type { App, AppContext } from '../http/app.js';
import { errorResponses, IdParams, PageQuery, Timestamp } from '../http/schemas.js';
import * as activity from './service.js';

const EventJson = Type.Object({
  id: Type.Integer(), type: Type.String(), occurred_at: Timestamp, data: Type.Object({}, { additionalProperties: true }),
}, {});

const EngagementWeek = Type.Object({
  week: Type.String({ format: 'date', description: 'The Monday (UTC) the week starts on' }),
  engagements: Type.Integer({ description: 'Events that week: page visits, form submissions, emails read, ... (not contact.* bookkeeping or point changes)' }),
  points: Type.Number({ description: 'Points gained minus points lost that week (points.changed events)' }),
});

export function activityRoutes(app: App, ctx: AppContext) {
  app.get('/api/v1/contacts/:id/engagement', {
    schema: {
      tags: ['Timeline'],
      summary: 'Engagements and points per week over the last weeks (six months by default), oldest first, every week listed',
      params: IdParams,
      querystring: Type.Object({
        weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: activity.ENGAGEMENT_WEEKS.max, default: activity.ENGAGEMENT_WEEKS.default, description: 'How many weeks, this one included' })),
      }),
      response: { 200: Type.Object({ weeks: Type.Array(EngagementWeek) }), ...errorResponses },
    },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    const weeks = await activity.engagementByWeek(ctx.db, contact.id, request.query.weeks ?? activity.ENGAGEMENT_WEEKS.default);
    return { weeks: weeks.map((w) => ({ week: w.week.toISOString().slice(0, 10), engagements: w.engagements, points: w.points })) };
  });

  app.get('/api/v1/contacts/:id/events', {
    schema: {
      tags: ['Timeline'],
      summary: 'The contact\'s timeline, newest first',
      params: IdParams,
      querystring: Type.Object({ ...PageQuery.properties, type: Type.Optional(Type.String({ description: 'Only these event types, comma-separated' })) }),
      response: { 200: Type.Object({ events: Type.Array(EventJson), total: Type.Integer() }), ...errorResponses },
    },
  }, async (request) => {
    const contact = await contacts.getContact(ctx.db, request.params.id);
    const types = request.query.type?.split(',').map((t) => t.trim()).filter(Boolean);
    const { events, total } = await activity.listEvents(ctx.db, contact.id, request.query.offset ?? 0, request.query.limit ?? 30, types);
    return {
      events: events.map((e) => ({ id: e.id, type: e.type, occurred_at: e.occurred_at.toISOString(), data: e.data })),
      total,
    };
  });
}
