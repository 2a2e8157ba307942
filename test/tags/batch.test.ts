import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

async function contact(firstname: string) {
  const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname, lastname: 'Batch' } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().contact.id as number;
}

const tagsOf = async (id: number) =>
  (await t.db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id').select('tags.name').where('contact_id', '=', id).execute()).map((r) => r.name).sort((x, y) => x.localeCompare(y));

const tagEvents = (id: number) =>
  t.db.selectFrom('events').select('data').where('contact_id', '=', id).where('type', '=', 'contact.tags_changed').orderBy('id').execute();

describe('POST /api/v1/contacts/batch/tags', () => {
  it('adds and removes tags on many contacts at once, with an event on each contact that changed', async () => {
    const [a, b, c] = [await contact('Ann'), await contact('Ben'), await contact('Cy')];
    await t.request({ method: 'POST', url: `/api/v1/contacts/${a}/tags`, payload: { add: ['Trial', 'vip'] } });

    const res = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [a, b, c, a], add: ['Webinar', 'VIP'], remove: ['trial'] } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { contacts: 3, changed: 3, added: 5, removed: 1 });
    assert.deepEqual(await tagsOf(a), ['vip', 'Webinar']);
    assert.deepEqual(await tagsOf(b), ['vip', 'Webinar']);
    assert.deepEqual(await tagsOf(c), ['vip', 'Webinar']);

    const events = await tagEvents(a);
    assert.deepEqual(events.at(-1)?.data, { added: ['Webinar'], removed: ['Trial'] });
    const forB = await tagEvents(b);
    assert.equal(forB.length, 1);
    assert.deepEqual([...(forB[0].data.added as string[])].sort(), ['Webinar', 'vip']);
    assert.deepEqual(forB[0].data.removed, []);

    // Nothing to change: no new events.
    const again = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [b, c], add: ['webinar'] } });
    assert.deepEqual(again.json(), { contacts: 2, changed: 0, added: 0, removed: 0 });
    assert.equal((await tagEvents(b)).length, 1);

    // Names that JavaScript and PostgreSQL lower-case differently still name their tags.
    const d = await contact('Di');
    const named = await t.request({ method: 'POST', url: `/api/v1/contacts/${d}/tags`, payload: { add: ['İstanbul', 'ǅemal'] } });
    assert.equal(named.statusCode, 200, named.body);
    assert.deepEqual(await tagsOf(d), ['ǅemal', 'İstanbul']);
  });

  it('refuses the whole request when an id is not a contact, and changes nothing', async () => {
    const a = await contact('Dee');
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [a, 987654321], add: ['never'] } });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'validation_failed');
    assert.match(res.json().error.fields.ids, /987654321/);
    assert.deepEqual(await tagsOf(a), []);
    const tag = await t.db.selectFrom('tags').select('id').where('name', '=', 'never').executeTakeFirst();
    assert.equal(tag, undefined, 'the tag was not created either');
  });

  it('validates the body and requires auth', async () => {
    const a = await contact('Eve');
    const empty = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [a] } });
    assert.equal(empty.statusCode, 400);
    assert.ok(empty.json().error.fields.add);
    const noIds = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [], add: ['x'] } });
    assert.equal(noIds.statusCode, 400);
    assert.match(noIds.body, /ids/);
    const tooLong = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [a], add: ['x'.repeat(101)] } });
    assert.equal(tooLong.statusCode, 400);
    const anonymous = await t.request({ method: 'POST', url: '/api/v1/contacts/batch/tags', payload: { ids: [a], add: ['x'] }, as: null });
    assert.equal(anonymous.statusCode, 401);
  });
});
