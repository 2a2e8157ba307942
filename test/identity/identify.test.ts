import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

const device = (n: number | string) => `test-device-${String(n).padStart(12, '0')}`;

async function visit(deviceId: string) {
  const res = await t.request({ method: 'POST', url: '/api/v1/visitors/current', payload: { device_id: deviceId } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function hit(deviceId: string, url: string) {
  const res = await t.request({ method: 'POST', url: '/api/v1/visitors/events', payload: { device_id: deviceId, type: 'page.hit', data: { url } } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().event;
}

async function identify(deviceId: string, fields: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/visitors/identify', payload: { device_id: deviceId, fields } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

describe('identify', () => {
  it('a first visit makes an anonymous contact; the device finds it again', async () => {
    const first = await visit(device(1));
    assert.equal(first.contact.anonymous, true);
    assert.equal(first.device_id, device(1));
    const again = await visit(device(1));
    assert.equal(again.contact.id, first.contact.id);
    const fresh = (await t.request({ method: 'POST', url: '/api/v1/visitors/current', payload: {} })).json();
    assert.match(fresh.device_id, /^[0-9a-f]{32}$/);
  });

  it('an anonymous visitor giving an unknown email becomes identified, keeping its history', async () => {
    const anon = await visit(device(2));
    await hit(device(2), 'https://site.test/pricing');
    const res = await identify(device(2), { email: 'new@identify.test', firstname: 'Nia' });
    assert.equal(res.outcome, 'updated');
    assert.equal(res.contact.id, anon.contact.id);
    assert.equal(res.contact.anonymous, false);
    assert.equal(res.contact.firstname, 'Nia');
  });

  it('an anonymous visitor giving a known email is folded into that contact with its events and device', async () => {
    const known = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'known@identify.test', lastname: 'Known' } })).json().contact;
    const anon = await visit(device(3));
    await hit(device(3), 'https://site.test/before');
    const res = await identify(device(3), { email: ' KNOWN@identify.test', firstname: 'Kai' });
    assert.equal(res.outcome, 'merged');
    assert.equal(res.contact.id, known.id);
    assert.equal(res.contact.firstname, 'Kai');
    assert.equal(res.contact.email, 'known@identify.test', 'the stored email keeps its original form');
    const events = (await t.request({ method: 'GET', url: `/api/v1/contacts/${known.id}/events?type=page.hit` })).json().events;
    assert.equal(events[0].data.url, 'https://site.test/before');
    assert.equal((await visit(device(3))).contact.id, known.id);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${anon.contact.id}` })).json().contact.id, known.id);
  });

  it('a shared device: an identified contact meeting another email moves the device, merging nothing', async () => {
    await visit(device(4));
    const alice = await identify(device(4), { email: 'alice@shared.test' });
    const bob = await identify(device(4), { email: 'bob@shared.test' });
    assert.equal(bob.outcome, 'switched');
    assert.notEqual(bob.contact.id, alice.contact.id);
    const aliceNow = (await t.request({ method: 'GET', url: `/api/v1/contacts/${alice.contact.id}` })).json().contact;
    assert.equal(aliceNow.email, 'alice@shared.test');
    assert.equal((await visit(device(4))).contact.id, bob.contact.id);
    const back = await identify(device(4), { email: 'alice@shared.test' });
    assert.equal(back.outcome, 'switched');
    assert.equal(back.contact.id, alice.contact.id);
  });

  it('meaningless identifier values never match anything', async () => {
    await t.request({ method: 'POST', url: '/api/v1/fields', payload: { alias: 'external_ref', label: 'External ref', type: 'text', unique_identifier: true } });
    const a = await identify(device(5), { external_ref: 'undefined', firstname: 'A' });
    const b = await identify(device(6), { external_ref: 'undefined', firstname: 'B' });
    assert.notEqual(a.contact.id, b.contact.id);
    assert.equal(b.contact.anonymous, true);
    await t.request({ method: 'PATCH', url: '/api/v1/fields/external_ref', payload: { unique_identifier: false } });
  });

  it('with the AND operator a contact matches only when every given identifier matches', async () => {
    await t.request({ method: 'POST', url: '/api/v1/fields', payload: { alias: 'member_no', label: 'Member no', type: 'text', unique_identifier: true } });
    const set = await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'and' } });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().unique_identifier_operator, 'and');
    const original = await identify(device(7), { email: 'and@identify.test', member_no: 'M1' });
    const other = await identify(device(8), { email: 'and@identify.test', member_no: 'M2' });
    assert.notEqual(other.contact.id, original.contact.id, 'same email, other member number: not the same person');
    const same = await identify(device(9), { email: 'and@identify.test', member_no: 'M1' });
    assert.equal(same.contact.id, original.contact.id);
    await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'or' } });
    await t.request({ method: 'PATCH', url: '/api/v1/fields/member_no', payload: { unique_identifier: false } });
  });

  it('refuses bad input with 400', async () => {
    const badDevice = await t.request({ method: 'POST', url: '/api/v1/visitors/identify', payload: { device_id: 'short', fields: {} } });
    assert.equal(badDevice.statusCode, 400);
    assert.ok(badDevice.json().error.fields.device_id);
    const badField = await t.request({ method: 'POST', url: '/api/v1/visitors/identify', payload: { device_id: device(10), fields: { email: 'nope' } } });
    assert.equal(badField.statusCode, 400);
    assert.ok(badField.json().error.fields.email);
    const plainUser = await t.user('user');
    const setting = await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'and' }, as: plainUser });
    assert.equal(setting.statusCode, 403);
  });

  it('50 devices identifying with 5 emails at once end with 5 contacts holding all devices and events', async () => {
    const devices = Array.from({ length: 50 }, (_, i) => device(`race${i}`));
    for (const d of devices) await hit(d, `https://site.test/${d}`);
    await Promise.all(devices.map((d, i) => identify(d, { email: `racer${i % 5}@identify.test` })));
    const rows = await t.db.selectFrom('contacts').select(['id', 'email_normalized']).where('email_normalized', 'like', 'racer%@identify.test').where('merged_into', 'is', null).execute();
    assert.equal(rows.length, 5);
    const ids = rows.map((r) => r.id);
    const owned = await t.db.selectFrom('devices').select('contact_id').where('tracking_id', 'in', devices).execute();
    assert.equal(owned.length, 50);
    assert.ok(owned.every((d) => ids.includes(d.contact_id)));
    const events = await t.db.selectFrom('events').select('contact_id').where('type', '=', 'page.hit').where('contact_id', 'in', ids).execute();
    assert.equal(events.length, 50);
  });
});

describe('user membership (sign-up and sign-in on the customer\'s site)', () => {
  it('registration keeps the visitor\'s contact for the user; sign-in elsewhere merges the new visitor in', async () => {
    const visitor = await visit(device(20));
    await hit(device(20), 'https://shop.test/browse');
    const signUp = (await t.request({ method: 'POST', url: '/api/v1/visitors/sign-in', payload: { device_id: device(20), user_name: 'ann' } })).json();
    assert.equal(signUp.outcome, 'assigned');
    assert.equal(signUp.contact.id, visitor.contact.id);

    await visit(device(21));
    await hit(device(21), 'https://shop.test/other-browser');
    const signIn = (await t.request({ method: 'POST', url: '/api/v1/visitors/sign-in', payload: { device_id: device(21), user_name: 'ann' } })).json();
    assert.equal(signIn.outcome, 'merged');
    assert.equal(signIn.contact.id, visitor.contact.id);
    const urls = (await t.request({ method: 'GET', url: `/api/v1/contacts/${visitor.contact.id}/events?type=page.hit` })).json().events.map((e: { data: { url: string } }) => e.data.url).sort();
    assert.deepEqual(urls, ['https://shop.test/browse', 'https://shop.test/other-browser']);
    const again = (await t.request({ method: 'POST', url: '/api/v1/visitors/sign-in', payload: { device_id: device(21), user_name: 'ann' } })).json();
    assert.equal(again.outcome, 'unchanged');
  });

  it('a contact that belongs to another user is not merged: the device switches', async () => {
    await t.request({ method: 'POST', url: '/api/v1/visitors/sign-in', payload: { device_id: device(30), user_name: 'bea' } });
    const cy = (await t.request({ method: 'POST', url: '/api/v1/visitors/sign-in', payload: { device_id: device(31), user_name: 'cy' } })).json();
    const switched = (await t.request({ method: 'POST', url: '/api/v1/visitors/sign-in', payload: { device_id: device(30), user_name: 'cy' } })).json();
    assert.equal(switched.outcome, 'switched');
    assert.equal(switched.contact.id, cy.contact.id);
    const bea = (await t.request({ method: 'POST', url: '/api/v1/visitors/current', payload: { user_name: 'bea' } })).json();
    assert.notEqual(bea.contact.id, cy.contact.id);
  });

  it('getCurrentContact by user name creates the user\'s contact once; memberships can be listed and removed', async () => {
    const first = (await t.request({ method: 'POST', url: '/api/v1/visitors/current', payload: { user_name: 'dee', kind: 'customer' } })).json();
    const second = (await t.request({ method: 'POST', url: '/api/v1/visitors/current', payload: { user_name: 'dee', kind: 'customer' } })).json();
    assert.equal(first.contact.id, second.contact.id);
    const list = (await t.request({ method: 'GET', url: `/api/v1/contacts/${first.contact.id}/memberships` })).json().memberships;
    assert.equal(list.length, 1);
    assert.equal(list[0].kind, 'customer');
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/contacts/${first.contact.id}/memberships/${list[0].id}` })).statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${first.contact.id}/memberships` })).json().memberships.length, 0);
  });
});
