import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const EMAILS = 50;
const DEVICES = 500;

describe('identification across two server processes', () => {
  let database: TestDatabase;
  let servers: ServerProcess[] = [];
  const auth = { authorization: `Basic ${Buffer.from('racer:race-password-1').toString('base64')}`, 'content-type': 'application/json' };

  before(async () => {
    database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, ADMIN_USERNAME: 'racer', ADMIN_PASSWORD: 'race-password-1', DATABASE_POOL_SIZE: '10' };
    servers = await Promise.all([startServer(env), startServer(env)]);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  async function post(index: number, path: string, body: unknown) {
    const res = await fetch(`${servers[index % servers.length].url}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
    assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
    return res.json();
  }

  it(`${DEVICES} identifications of ${EMAILS} emails at once end with ${EMAILS} contacts holding every device and event`, { timeout: 120_000 }, async () => {
    const devices = Array.from({ length: DEVICES }, (_, i) => `cross-process-device-${String(i).padStart(4, '0')}`);
    await Promise.all(devices.map((device, i) => post(i, '/api/v1/visitors/events', { device_id: device, type: 'page.hit', data: { url: `https://site.test/${i}` } })));
    const results = await Promise.all(devices.map((device, i) =>
      post(i + 1, '/api/v1/visitors/identify', { device_id: device, fields: { email: `person${i % EMAILS}@race.test` } })));
    assert.equal(results.length, DEVICES);

    const { db } = database;
    const contacts = await db.selectFrom('contacts').select(['id', 'email_normalized', 'anonymous'])
      .where('merged_into', 'is', null).where('email_normalized', 'like', 'person%@race.test').execute();
    assert.equal(contacts.length, EMAILS, 'exactly one contact per email');
    assert.equal(new Set(contacts.map((c) => c.email_normalized)).size, EMAILS);
    assert.ok(contacts.every((c) => !c.anonymous));
    const ids = contacts.map((c) => c.id);
    const owners = await db.selectFrom('devices').select(['tracking_id', 'contact_id']).where('tracking_id', 'in', devices).execute();
    assert.equal(owners.length, DEVICES);
    assert.ok(owners.every((d) => ids.includes(d.contact_id)), 'every device belongs to an identified contact');
    const events = await db.selectFrom('events').select(['contact_id']).where('type', '=', 'page.hit').execute();
    assert.equal(events.length, DEVICES, 'no event lost');
    assert.ok(events.every((e) => ids.includes(e.contact_id)));
    for (const result of results) {
      const expected = contacts.find((c) => c.email_normalized === result.contact.email.toLowerCase());
      assert.equal(result.contact.id, expected?.id, 'every answer names the surviving contact');
    }
  });
});
