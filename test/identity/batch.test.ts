import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseContactInput } from '../../src/contacts/input.js';
import { identifyBatch, type IdentifyRequest } from '../../src/identity/identify.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

const device = (n: number) => `batch-device-${String(n).padStart(12, '0')}`;

async function requests(...items: { deviceId?: string; contactId?: number; fields: Record<string, unknown> }[]): Promise<IdentifyRequest[]> {
  const [fields, settings] = await Promise.all([t.ctx.fields.load(t.db), t.ctx.settings.load(t.db)]);
  return items.map(({ deviceId, contactId, fields: values }) => ({
    fields, settings, input: { deviceId, contactId, changes: parseContactInput(fields, values, 'patch'), source: 'sdk' as const },
  }));
}

async function visitor(n: number) {
  const res = await t.request({ method: 'POST', url: '/api/v1/visitors/current', payload: { device_id: device(n) } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().contact as { id: number };
}

const devicesOf = async (contactId: number) =>
  (await t.db.selectFrom('devices').select('tracking_id').where('contact_id', '=', contactId).orderBy('tracking_id').execute()).map((d) => d.tracking_id);

describe('identifications in one batch', () => {
  it('each sees what the ones before it did: an email taken earlier merges, a device attached earlier finds its contact', async () => {
    const [a, b] = [await visitor(1), await visitor(2)];
    const results = await identifyBatch(t.db, await requests(
      { deviceId: device(1), fields: { email: 'Pat@Batch.test' } },
      { deviceId: device(2), fields: { email: ' pat@batch.test ', city: 'Porto' } },
      { deviceId: device(1), fields: { firstname: 'Pat' } },
      { deviceId: device(3), fields: { email: 'new@batch.test' } },
      { deviceId: device(3), fields: { lastname: 'Newman' } },
      { contactId: b.id, fields: { lastname: 'Lee' } },
    ));

    assert.deepEqual(results.map((r) => r.outcome), ['updated', 'merged', 'updated', 'created', 'updated', 'updated']);
    assert.equal(results[0].contact.id, a.id);
    assert.equal(results[0].contact.email, 'Pat@Batch.test');
    assert.equal(results[0].contact.firstname, null, 'each answer shows the contact as its own step left it');
    assert.equal(results[1].contact.id, a.id, 'the anonymous visitor with a taken email is folded into its holder');
    assert.equal(results[1].contact.city, 'Porto');
    assert.equal(results[2].contact.id, a.id);
    assert.equal(results[2].contact.firstname, 'Pat');
    assert.equal(results[4].contact.id, results[3].contact.id, 'a device attached earlier in the batch leads to its new contact');
    assert.equal(results[5].contact.id, a.id, 'a merged-away id leads to its survivor');

    const stored = await t.db.selectFrom('contacts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.deepEqual([stored.email, stored.firstname, stored.lastname, stored.city, stored.anonymous], ['Pat@Batch.test', 'Pat', 'Lee', 'Porto', false]);
    assert.equal((await t.db.selectFrom('contacts').select('merged_into').where('id', '=', b.id).executeTakeFirstOrThrow()).merged_into, a.id);
    assert.deepEqual(await devicesOf(a.id), [device(1), device(2)]);
    assert.deepEqual(await devicesOf(results[3].contact.id), [device(3)]);
    const { moved } = await t.db.selectFrom('merges').select('moved').where('loser_id', '=', b.id).executeTakeFirstOrThrow();
    assert.equal(moved.devices.length, 1, 'the merge moved and recorded the loser\'s device');

    const types = (await t.db.selectFrom('events').select('type').where('contact_id', '=', a.id).execute()).map((e) => e.type).sort();
    assert.deepEqual(types, ['contact.created', 'contact.created', 'contact.identified', 'contact.merged']);
  });

  it('a device new to the batch and to the database gets its contact, attached once', async () => {
    const results = await identifyBatch(t.db, await requests(
      { deviceId: device(10), fields: {} },
      { deviceId: device(10), fields: { email: 'ten@batch.test' } },
    ));
    assert.deepEqual(results.map((r) => r.outcome), ['created', 'updated']);
    assert.equal(results[1].contact.id, results[0].contact.id);
    assert.deepEqual(await devicesOf(results[0].contact.id), [device(10)]);
  });

  it('over HTTP, one refused identification fails alone and the others of its batch are written', async () => {
    await visitor(20);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => t.request({
      method: 'POST', url: '/api/v1/visitors/identify',
      payload: { device_id: device(20 + i), fields: i === 4 ? { email: 'bad@batch.test', owner: 99_999_999 } : { email: `ok${i}@batch.test` } },
    })));
    answers.forEach((answer, i) => assert.equal(answer.statusCode, i === 4 ? 400 : 200, `${i}: ${answer.body}`));
    assert.equal(await t.db.selectFrom('contacts').select('id').where('email_normalized', '=', 'bad@batch.test').executeTakeFirst(), undefined);
    const written = await t.db.selectFrom('contacts').select('email').where('email_normalized', 'like', 'ok%@batch.test').execute();
    assert.equal(written.length, 11);
  });
});
