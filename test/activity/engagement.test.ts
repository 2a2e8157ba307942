import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

const DAY = 86_400_000;

/** The Monday (UTC) of the week `at` falls in, as YYYY-MM-DD. */
function monday(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

describe('GET /api/v1/contacts/:id/engagement', () => {
  it('answers 26 weeks, oldest first, empty weeks as zero, with events and points per week', async () => {
    const contact = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Eng', email: 'eng@example.com' } })).json().contact;
    const now = new Date();
    const threeWeeksAgo = new Date(now.getTime() - 21 * DAY);
    const rows = [
      { type: 'page.hit', occurred_at: now, data: {} },
      { type: 'page.hit', occurred_at: now, data: {} },
      { type: 'form.submitted', occurred_at: threeWeeksAgo, data: {} },
      { type: 'points.changed', occurred_at: threeWeeksAgo, data: { delta: 15 } },
      { type: 'points.changed', occurred_at: threeWeeksAgo, data: { delta: -5 } },
      { type: 'points.changed', occurred_at: threeWeeksAgo, data: { delta: 'not a number' } },
      // Bookkeeping and old events do not count.
      { type: 'contact.tags_changed', occurred_at: now, data: {} },
      { type: 'page.hit', occurred_at: new Date(now.getTime() - 400 * DAY), data: {} },
    ];
    await t.db.insertInto('events').values(rows.map((r) => ({ contact_id: contact.id, type: r.type, occurred_at: r.occurred_at, data: JSON.stringify(r.data) }))).execute();
    // Another contact's events are not this one's.
    const other = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Other' } })).json().contact;
    await t.db.insertInto('events').values({ contact_id: other.id, type: 'page.hit', occurred_at: now, data: '{}' }).execute();

    const res = await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}/engagement` });
    assert.equal(res.statusCode, 200, res.body);
    const { weeks } = res.json() as { weeks: { week: string; engagements: number; points: number }[] };
    assert.equal(weeks.length, 26);
    assert.equal(weeks.at(-1)!.week, monday(now));
    assert.equal(weeks[0].week, monday(new Date(now.getTime() - 25 * 7 * DAY)));
    for (let i = 1; i < weeks.length; i++) assert.equal(Date.parse(weeks[i].week) - Date.parse(weeks[i - 1].week), 7 * DAY);
    const byWeek = new Map(weeks.map((w) => [w.week, w]));
    assert.deepEqual(byWeek.get(monday(now)), { week: monday(now), engagements: 2, points: 0 });
    assert.deepEqual(byWeek.get(monday(threeWeeksAgo)), { week: monday(threeWeeksAgo), engagements: 1, points: 10 });
    const others = weeks.filter((w) => w.week !== monday(now) && w.week !== monday(threeWeeksAgo));
    assert.ok(others.every((w) => w.engagements === 0 && w.points === 0));

    const short = (await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}/engagement?weeks=4` })).json();
    assert.equal(short.weeks.length, 4);
    assert.equal(short.weeks[0].engagements, 1);
  });

  it('refuses a bad week count and an unknown contact, and requires auth', async () => {
    const contact = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Bad' } })).json().contact;
    const tooMany = await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}/engagement?weeks=500` });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /weeks/);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/contacts/99999999/engagement' })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}/engagement`, as: null })).statusCode, 401);
  });
});

describe('points on the engagement chart', () => {
  it('counts the points a contact is created with and every change of them', async () => {
    const created = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'pointy@example.test', points: 20 } });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().contact.id;
    for (const points of [35, 30]) {
      const res = await t.request({ method: 'PATCH', url: `/api/v1/contacts/${id}`, payload: { points } });
      assert.equal(res.statusCode, 200, res.body);
    }
    const unchanged = await t.request({ method: 'PATCH', url: `/api/v1/contacts/${id}`, payload: { firstname: 'Pointy' } });
    assert.equal(unchanged.statusCode, 200);

    const events = await t.db.selectFrom('events').select('data').where('contact_id', '=', id).where('type', '=', 'points.changed').orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.data), [{ delta: 20, reason: 'api' }, { delta: 15, reason: 'edit' }, { delta: -5, reason: 'edit' }]);
    const { weeks } = (await t.request({ method: 'GET', url: `/api/v1/contacts/${id}/engagement` })).json() as { weeks: { points: number }[] };
    assert.equal(weeks.at(-1)!.points, 30, 'this week: the points it has');
  });
});
