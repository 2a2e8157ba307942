import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

async function contact(payload: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/contacts', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().contact as Record<string, unknown> & { id: number };
}

async function addEvent(contactId: number, url: string) {
  await t.db.insertInto('events').values({ contact_id: contactId, type: 'page.hit', data: JSON.stringify({ url }) }).execute();
}

describe('manual merge', () => {
  it('identified survives anonymous and takes its events, devices, IPs, memberships, points and blank fields', async () => {
    const known = await contact({ email: 'known@merge.test', firstname: 'Known', points: 10 });
    const anon = await contact({ city: 'Lisbon', points: 5, firstname: 'Ignored' });
    await addEvent(anon.id, 'https://site.test/a');
    await t.db.insertInto('devices').values({ contact_id: anon.id, tracking_id: 'device-anon-000000001' }).execute();
    await t.db.insertInto('contact_ips').values({ contact_id: anon.id, ip: '203.0.113.5' }).execute();
    await t.db.insertInto('memberships').values({ contact_id: anon.id, kind: 'customer', external_id: 'cust-1', user_name: 'cust' }).execute();
    const tag = await t.db.insertInto('tags').values({ name: 'from-anon' }).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('contact_tags').values({ contact_id: anon.id, tag_id: tag.id }).execute();

    // Asked from the anonymous side: the rules still pick the identified one.
    const res = await t.request({ method: 'POST', url: `/api/v1/contacts/${anon.id}/merge`, payload: { from: known.id } });
    assert.equal(res.statusCode, 200, res.body);
    const survivor = res.json().contact;
    assert.equal(survivor.id, known.id);
    assert.equal(res.json().merged_id, anon.id);
    assert.equal(survivor.firstname, 'Known', 'non-blank fields keep the survivor value');
    assert.equal(survivor.city, 'Lisbon', 'blank fields take the loser value');
    assert.equal(survivor.points, 15);

    const events = (await t.request({ method: 'GET', url: `/api/v1/contacts/${known.id}/events` })).json();
    assert.ok(events.events.some((e: { type: string }) => e.type === 'page.hit'));
    const merged = events.events.find((e: { type: string }) => e.type === 'contact.merged');
    assert.equal(merged.data.loser_id, anon.id);
    assert.equal(merged.data.loser_fields.city, 'Lisbon');
    const devices = (await t.request({ method: 'GET', url: `/api/v1/contacts/${known.id}/devices` })).json().devices;
    assert.equal(devices[0].device_id, 'device-anon-000000001');
    const ips = await t.db.selectFrom('contact_ips').select('contact_id').where('contact_id', '=', known.id).execute();
    assert.equal(ips.length, 1);
    const memberships = (await t.request({ method: 'GET', url: `/api/v1/contacts/${known.id}/memberships` })).json().memberships;
    assert.equal(memberships[0].external_id, 'cust-1');
    const tags = await t.db.selectFrom('contact_tags').select('tag_id').where('contact_id', '=', known.id).execute();
    assert.deepEqual(tags.map((r) => r.tag_id), [tag.id]);
    const { moved } = await t.db.selectFrom('merges').select('moved').where('loser_id', '=', anon.id).executeTakeFirstOrThrow();
    assert.deepEqual({ devices: moved.devices.length, memberships: moved.memberships.length, ips: moved.ips, tags: moved.tags, points: moved.points },
      { devices: 1, memberships: 1, ips: ['203.0.113.5'], tags: [tag.id], points: 5 }, 'the merge records what it moved');
    assert.ok(moved.events.length >= 2, 'the created and page.hit events moved');

    // The loser's id leads to the survivor; lists no longer show it.
    const byOldId = await t.request({ method: 'GET', url: `/api/v1/contacts/${anon.id}` });
    assert.equal(byOldId.json().contact.id, known.id);
    const list = (await t.request({ method: 'GET', url: '/api/v1/contacts?limit=1000' })).json().contacts.map((c: { id: number }) => c.id);
    assert.ok(!list.includes(anon.id));
  });

  it('between two identified contacts the older survives', async () => {
    const older = await contact({ email: 'older@merge.test' });
    const newer = await contact({ email: 'newer@merge.test', phone: '+1 555 0100' });
    const res = await t.request({ method: 'POST', url: `/api/v1/contacts/${newer.id}/merge`, payload: { from: older.id } });
    assert.equal(res.json().contact.id, older.id);
    assert.equal(res.json().contact.email, 'older@merge.test');
    assert.equal(res.json().contact.phone, '+1 555 0100');
  });

  it('refuses merging a contact with itself, or with one that is gone', async () => {
    const one = await contact({ firstname: 'Solo' });
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/contacts/${one.id}/merge`, payload: { from: one.id } })).statusCode, 400);
    const gone = await t.request({ method: 'POST', url: `/api/v1/contacts/${one.id}/merge`, payload: { from: 99999999 } });
    assert.equal(gone.statusCode, 400);
    assert.ok(gone.json().error.fields.from);
  });

  it('unmerge brings the loser back with what it brought, and names what changed since', async () => {
    const keep = await contact({ email: 'keep@merge.test', points: 1 });
    const brought = await contact({ email: 'brought@merge.test', city: 'Oslo', zipcode: '0150', points: 4 });
    await addEvent(brought.id, 'https://site.test/brought');
    await addEvent(keep.id, 'https://site.test/keep');
    await t.request({ method: 'POST', url: `/api/v1/contacts/${keep.id}/merge`, payload: { from: brought.id } });
    await t.request({ method: 'PATCH', url: `/api/v1/contacts/${keep.id}`, payload: { zipcode: '9999' } });

    const res = await t.request({ method: 'POST', url: `/api/v1/contacts/${keep.id}/unmerge` });
    assert.equal(res.statusCode, 200, res.body);
    const { contact: survivor, restored, not_restored: notRestored } = res.json();
    assert.equal(restored.id, brought.id);
    assert.equal(restored.email, 'brought@merge.test');
    assert.equal(survivor.city, null, 'a filled field goes back');
    assert.equal(survivor.zipcode, '9999', 'a field changed since stays');
    assert.ok(notRestored.some((n: string) => n.startsWith('zipcode')));
    assert.equal(survivor.points, 1);

    const keepEvents = (await t.request({ method: 'GET', url: `/api/v1/contacts/${keep.id}/events?type=page.hit` })).json().events;
    const broughtEvents = (await t.request({ method: 'GET', url: `/api/v1/contacts/${brought.id}/events?type=page.hit` })).json().events;
    assert.deepEqual(keepEvents.map((e: { data: { url: string } }) => e.data.url), ['https://site.test/keep']);
    assert.deepEqual(broughtEvents.map((e: { data: { url: string } }) => e.data.url), ['https://site.test/brought']);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${brought.id}` })).json().contact.id, brought.id);

    const merges = (await t.request({ method: 'GET', url: `/api/v1/contacts/${keep.id}/merges` })).json().merges;
    assert.ok(merges[0].undone_at);
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/contacts/${keep.id}/unmerge` })).statusCode, 409, 'nothing left to undo');
  });
});

describe('duplicates', () => {
  it('finds contacts with the same name and company, and groups across the base', async () => {
    const a = await contact({ firstname: 'Jane', lastname: 'Roe', company: 'Umbrella' });
    const b = await contact({ firstname: 'jane', lastname: 'ROE', company: 'umbrella' });
    await contact({ firstname: 'Jane', lastname: 'Roe', company: 'Other' });
    const res = (await t.request({ method: 'GET', url: `/api/v1/contacts/${a.id}/duplicates` })).json();
    assert.deepEqual(res.contacts.map((c: { id: number }) => c.id), [b.id]);
    const groups = (await t.request({ method: 'GET', url: '/api/v1/contacts/duplicates' })).json().groups;
    assert.ok(groups.some((g: { reason: string; ids: number[] }) => g.reason === 'name_and_company' && g.ids.includes(a.id) && g.ids.includes(b.id)));
  });

  it('on_duplicate=update updates the contact holding the email instead of refusing', async () => {
    const first = await contact({ email: 'upd@merge.test', firstname: 'Old' });
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts?on_duplicate=update', payload: { email: 'UPD@merge.test', firstname: 'New' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().contact.id, first.id);
    assert.equal(res.json().contact.firstname, 'New');
  });
});
