import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { newDeviceId } from '../../src/identity/devices.js';
import { writeBatch, type Hit } from '../../src/tracking/writer.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

let t: TestDatabase;
before(async () => {
  t = await createTestDatabase();
});
after(() => t.drop());

const BERLIN = { city: 'Berlin', state: 'Berlin', country: 'Germany', latitude: 52.5, longitude: 13.4 };

function hit(deviceId: string, url: string, extra: Partial<Hit> = {}): Hit {
  return {
    deviceId, at: new Date(), ip: '203.0.113.7', userAgent: 'Mozilla/5.0', device: { deviceType: 'desktop', browser: 'Firefox 133', os: 'Linux' },
    events: [{ type: 'page.hit', data: { url, device_id: deviceId } }], ...extra,
  };
}

async function eventsOf(contactId: number) {
  return t.db.selectFrom('events').select(['type', 'data', 'occurred_at']).where('contact_id', '=', contactId).orderBy('id').execute();
}

async function contact(id: number) {
  return t.db.selectFrom('contacts').select(['id', 'first_seen_at', 'last_active_at', 'city', 'country', 'merged_into']).where('id', '=', id).executeTakeFirstOrThrow();
}

async function contactsOfDevice(deviceId: string) {
  return (await t.db.selectFrom('devices').select('contact_id').where('tracking_id', '=', deviceId).execute()).map((r) => r.contact_id);
}

describe('tracking hit writer', () => {
  it('creates one anonymous contact per new device, finds returning ones, and answers each hit its contact', async () => {
    const [a, b] = [newDeviceId(), newDeviceId()];
    const first = new Date(Date.now() - 60_000);
    const later = new Date(Date.now() - 30_000);
    const written = await writeBatch(t.db, [
      hit(a, 'https://site.example/a1', { at: first, location: BERLIN }),
      hit(b, 'https://site.example/b1'),
      hit(a, 'https://site.example/a2', { at: later }),
    ]);
    assert.equal(written[0].contactId, written[2].contactId);
    assert.notEqual(written[0].contactId, written[1].contactId);
    assert.deepEqual(written.map((w) => w.deviceId), [a, b, a]);
    assert.deepEqual(await contactsOfDevice(a), [written[0].contactId]);

    const events = await eventsOf(written[0].contactId);
    assert.deepEqual(events.map((e) => [e.type, (e.data as { url?: string }).url]), [
      ['contact.created', undefined], ['page.hit', 'https://site.example/a1'], ['page.hit', 'https://site.example/a2'],
    ]);
    const created = await contact(written[0].contactId);
    assert.equal(created.first_seen_at?.getTime(), first.getTime());
    assert.equal(created.last_active_at?.getTime(), later.getTime());
    assert.equal(created.city, 'Berlin');

    const [again] = await writeBatch(t.db, [hit(a, 'https://site.example/a3')]);
    assert.equal(again.contactId, written[0].contactId);
    assert.equal((await eventsOf(again.contactId)).filter((e) => e.type === 'contact.created').length, 1);
    const ips = await t.db.selectFrom('contact_ips').select(['ip', 'first_seen_at', 'last_seen_at']).where('contact_id', '=', again.contactId).execute();
    assert.equal(ips.length, 1);
    assert.equal(ips[0].ip, '203.0.113.7');
    assert.ok(ips[0].last_seen_at > ips[0].first_seen_at);
  });

  it('keeps the last active time to the minute', async () => {
    const device = newDeviceId();
    const start = new Date(Date.now() - 10 * 60_000);
    const [first] = await writeBatch(t.db, [hit(device, 'https://site.example/1', { at: start })]);
    await writeBatch(t.db, [hit(device, 'https://site.example/2', { at: new Date(start.getTime() + 30_000) })]);
    assert.equal((await contact(first.contactId)).last_active_at?.getTime(), start.getTime(), 'a hit within the minute leaves it');
    const later = new Date(start.getTime() + 90_000);
    await writeBatch(t.db, [hit(device, 'https://site.example/3', { at: later })]);
    assert.equal((await contact(first.contactId)).last_active_at?.getTime(), later.getTime(), 'a hit past the minute moves it');
    assert.equal((await eventsOf(first.contactId)).filter((e) => e.type === 'page.hit').length, 3, 'every hit is on the timeline');
  });

  it('gives a contact without a location the hit\'s, and keeps the one a contact has', async () => {
    const [plain, placed] = [newDeviceId(), newDeviceId()];
    const [unlocated, located] = await writeBatch(t.db, [hit(plain, 'https://site.example/'), hit(placed, 'https://site.example/', { location: BERLIN })]);
    const paris = { city: 'Paris', state: 'Île-de-France', country: 'France', latitude: 48.9, longitude: 2.3 };
    await writeBatch(t.db, [hit(plain, 'https://site.example/2', { location: paris }), hit(placed, 'https://site.example/2', { location: paris })]);
    assert.equal((await contact(unlocated.contactId)).city, 'Paris');
    assert.equal((await contact(located.contactId)).city, 'Berlin');
  });

  it('writes the hit of a merged-away contact\'s device on the survivor', async () => {
    const [loserDevice, survivorDevice] = [newDeviceId(), newDeviceId()];
    const [loser, survivor] = await writeBatch(t.db, [hit(loserDevice, 'https://site.example/l'), hit(survivorDevice, 'https://site.example/s')]);
    await t.db.updateTable('contacts').set({ merged_into: survivor.contactId }).where('id', '=', loser.contactId).execute();
    const at = new Date(Date.now() + 120_000);
    const [written] = await writeBatch(t.db, [hit(loserDevice, 'https://site.example/after-merge', { at })]);
    assert.equal(written.contactId, survivor.contactId);
    assert.ok((await eventsOf(survivor.contactId)).some((e) => (e.data as { url?: string }).url === 'https://site.example/after-merge'));
    assert.equal((await eventsOf(loser.contactId)).filter((e) => e.type === 'page.hit').length, 1);
    assert.equal((await contact(survivor.contactId)).last_active_at?.getTime(), at.getTime());
  });

  it('uses the contact identify attached the device to', async () => {
    const [device, other] = [newDeviceId(), newDeviceId()];
    const [owner] = await writeBatch(t.db, [hit(other, 'https://site.example/')]);
    const [written] = await writeBatch(t.db, [hit(device, 'https://site.example/identified', { contactId: owner.contactId })]);
    assert.equal(written.contactId, owner.contactId);
    assert.deepEqual(await contactsOfDevice(device), []);
    assert.ok((await eventsOf(owner.contactId)).some((e) => (e.data as { url?: string }).url === 'https://site.example/identified'));
  });

  it('a device another transaction creates meanwhile gets its contact, and no second one', async () => {
    const device = newDeviceId();
    const before = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM contacts`.execute(t.db)).rows[0].n);
    let written: Promise<Awaited<ReturnType<typeof writeBatch>>> | undefined;
    await t.db.transaction().execute(async (trx) => {
      await writeBatch(trx, [hit(device, 'https://site.example/other-process')]);
      // This one waits on the uncommitted device, then finds it taken when the transaction commits.
      written = writeBatch(t.db, [hit(device, 'https://site.example/this-process')]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    const [answer] = await written!;
    assert.deepEqual(await contactsOfDevice(device), [answer.contactId]);
    assert.equal((await eventsOf(answer.contactId)).filter((e) => e.type === 'page.hit').length, 2);
    const after = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM contacts`.execute(t.db)).rows[0].n);
    assert.equal(after, before + 1);
  });
});
