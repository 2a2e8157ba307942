import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContactWriter, writeBatch } from '../../src/contacts/create-writer.js';
import { parseContactInput } from '../../src/contacts/input.js';
import { createAlone, type NewContactRequest } from '../../src/contacts/service.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

const post = (payload: Record<string, unknown>, query = '') => t.request({ method: 'POST', url: `/api/v1/contacts${query}`, payload });

async function createRequest(payload: Record<string, unknown>, onDuplicate: 'refuse' | 'update' = 'refuse'): Promise<NewContactRequest> {
  const [fields, settings] = await Promise.all([t.ctx.fields.load(t.db), t.ctx.settings.load(t.db)]);
  return {
    fields, settings, createdBy: t.admin.id,
    changes: parseContactInput(fields, payload, 'create'),
    updates: onDuplicate === 'update' ? parseContactInput(fields, payload, 'patch') : undefined,
  };
}

const eventsOf = (contactIds: number[]) =>
  t.db.selectFrom('events').select(['contact_id', 'type', 'data']).where('contact_id', 'in', contactIds).orderBy('id').execute();

describe('creates written together', () => {
  it('200 concurrent creates of 20 emails make 20 contacts; the 180 others are 409s naming the holder', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      post({ firstname: `Crowd ${i}`, email: i % 3 ? `crowd${i % 20}@writer.test` : ` CROWD${i % 20}@Writer.test ` })));
    const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json().contact);
    const refused = answers.filter((a) => a.statusCode === 409).map((a) => a.json().error);
    assert.equal(created.length, 20, answers.map((a) => a.statusCode).join(','));
    assert.equal(refused.length, 180);

    const rows = await t.db.selectFrom('contacts').select(['id', 'email_normalized']).where('email_normalized', 'like', 'crowd%@writer.test').execute();
    assert.equal(rows.length, 20);
    const holderOf = new Map(rows.map((r) => [r.email_normalized, r.id]));
    assert.equal(holderOf.size, 20);
    answers.forEach((answer, i) => {
      const holder = holderOf.get(`crowd${i % 20}@writer.test`);
      if (answer.statusCode === 201) {
        assert.equal(answer.json().contact.id, holder);
        assert.equal(answer.json().contact.firstname, `Crowd ${i}`);
      } else {
        const { error } = answer.json();
        assert.equal(error.code, 'duplicate_contact');
        assert.equal(error.existing_id, holder);
        assert.equal(error.fields.email, `already used by contact ${holder}`);
      }
    });
  });

  it('a bad owner or status fails only its own create, naming the field', async () => {
    const status = (await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'Writer VIP' } })).json().status;
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post({
      firstname: `Mixed ${i}`,
      email: `mixed${i}@writer.test`,
      ...(i % 10 === 3 ? { owner: 999_999 } : { owner: t.admin.id }),
      ...(i % 10 === 7 ? { status: 888_888 } : { status: status.id }),
    })));
    answers.forEach((answer, i) => {
      if (i % 10 === 3 || i % 10 === 7) {
        assert.equal(answer.statusCode, 400, answer.body);
        assert.equal(answer.json().error.code, 'validation_failed');
        assert.deepEqual(Object.keys(answer.json().error.fields), [i % 10 === 3 ? 'owner' : 'status']);
      } else {
        assert.equal(answer.statusCode, 201, answer.body);
        assert.equal(answer.json().contact.owner, t.admin.id);
        assert.equal(answer.json().contact.status, status.id);
      }
    });
    const rows = await t.db.selectFrom('contacts').select('email').where('email', 'like', 'mixed%@writer.test').execute();
    assert.equal(rows.length, 48);
  });

  it('on_duplicate=update under concurrency: one contact per email, created once and updated by the rest', async () => {
    const existing = (await post({ firstname: 'Old', email: 'upd-existing@writer.test' })).json().contact;
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      post({ city: `City ${i}`, email: i % 2 ? 'upd-existing@writer.test' : 'upd-new@writer.test' }, '?on_duplicate=update')));
    const forExisting = answers.filter((_, i) => i % 2);
    const forNew = answers.filter((_, i) => i % 2 === 0);
    assert.deepEqual(forExisting.map((a) => a.statusCode), Array(20).fill(200));
    assert.ok(forExisting.every((a) => a.json().contact.id === existing.id && a.json().contact.firstname === 'Old'));
    assert.deepEqual(forNew.map((a) => a.statusCode).sort(), [...Array(19).fill(200), 201]);
    const newId = forNew.find((a) => a.statusCode === 201)!.json().contact.id;
    assert.ok(forNew.every((a) => a.json().contact.id === newId));

    const rows = await t.db.selectFrom('contacts').select(['id', 'city']).where('email_normalized', 'like', 'upd-%@writer.test').orderBy('id').execute();
    assert.equal(rows.length, 2);
    // Each answer shows the contact as its own update left it; the contact keeps one of them.
    assert.ok(forExisting.every((a, i) => a.json().contact.city === `City ${2 * i + 1}`));
    assert.ok(forNew.every((a, i) => a.json().contact.city === `City ${2 * i}`));
    assert.ok(forExisting.some((a) => a.json().contact.city === rows.find((r) => r.id === existing.id)!.city));
  });

  it('every created contact has its contact.created event, and contact.identified when it has an email', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i % 2 ? { firstname: `Ev ${i}`, email: `ev${i}@writer.test` } : { firstname: `Ev ${i}` })));
    assert.ok(answers.every((a) => a.statusCode === 201));
    const contacts = answers.map((a) => a.json().contact);
    const events = await eventsOf(contacts.map((c) => c.id));
    for (const contact of contacts) {
      const own = events.filter((e) => Number(e.contact_id) === contact.id);
      assert.deepEqual(own.map((e) => e.type), contact.anonymous ? ['contact.created'] : ['contact.created', 'contact.identified'], `contact ${contact.id}`);
      assert.deepEqual(own[0].data, { source: 'api', user_id: t.admin.id });
    }
  });

  it('a batch the database refuses as a whole still answers each create as it would alone', async () => {
    // A lone surrogate is no valid JSON escape for PostgreSQL, so the batch's insert fails; a
    // create alone sends it as UTF-8 (U+FFFD) and succeeds.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post({ firstname: i === 5 ? 'Lone \ud800' : `Fine ${i}`, email: `lone${i}@writer.test` })));
    answers.forEach((answer, i) => assert.equal(answer.statusCode, 201, `${i}: ${answer.body}`));
    assert.equal(answers[5].json().contact.firstname, 'Lone \ufffd');
    const events = await eventsOf(answers.map((a) => a.json().contact.id));
    assert.equal(events.length, 40);
  });
});

describe('ContactWriter', () => {
  it('refuses creates with 503 past its queue limit, and writes the ones it accepted', async () => {
    const writer = new ContactWriter(t.db, 2);
    const requests = await Promise.all(Array.from({ length: 6 }, (_, i) => createRequest({ firstname: `Queued ${i}`, email: `queued${i}@writer.test` })));
    // The first goes straight into a transaction; two wait for the next one; the rest find the queue full.
    const answers = await Promise.allSettled(requests.map((request) => writer.create(request)));
    assert.deepEqual(answers.map((a) => a.status), ['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
    for (const answer of answers.slice(3)) {
      assert.ok(answer.status === 'rejected');
      assert.deepEqual([answer.reason.status, answer.reason.code], [503, 'unavailable']);
    }
    const rows = await t.db.selectFrom('contacts').select('firstname').where('email', 'like', 'queued%@writer.test').orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.firstname), ['Queued 0', 'Queued 1', 'Queued 2']);
  });
});

describe('writeBatch', () => {
  it('answers each item as one by one would: earlier items hold their emails for later ones, answers map to their items', async () => {
    const requests = await Promise.all([
      createRequest({ firstname: 'First', email: 'wb-a@writer.test' }),
      createRequest({ firstname: 'Anonymous' }),
      createRequest({ firstname: 'Second', email: 'WB-A@writer.test' }),
      createRequest({ firstname: 'Other', email: 'wb-b@writer.test', owner: 999_999 }),
      createRequest({ firstname: 'Third', email: 'wb-b@writer.test' }),
      createRequest({ firstname: 'Updater', email: 'wb-a@writer.test', city: 'Oslo' }, 'update'),
      createRequest({ firstname: 'Late', email: 'wb-c@writer.test' }),
    ]);
    const answers = await writeBatch(t.db, requests);
    const outcome = (i: number) => {
      const answer = answers[i];
      assert.ok('value' in answer, `item ${i}: ${String('error' in answer && answer.error)}`);
      return answer.value;
    };
    const error = (i: number) => {
      const answer = answers[i];
      assert.ok('error' in answer, `item ${i} succeeded`);
      return answer.error as { code: string; status: number; fields: Record<string, string>; extra?: { existing_id: number } };
    };

    const first = outcome(0);
    assert.equal(first.created, true);
    assert.equal(first.row.firstname, 'First');
    assert.equal(first.row.city, null, 'the answer shows the contact as created, before the later update');
    assert.equal(outcome(1).row.firstname, 'Anonymous');
    assert.equal(outcome(1).row.anonymous, true);
    assert.equal(error(2).code, 'duplicate_contact');
    assert.equal(error(2).extra?.existing_id, first.row.id);
    assert.deepEqual(Object.keys(error(3).fields), ['owner']);
    assert.equal(outcome(4).row.firstname, 'Third', 'the refused item held nothing');
    assert.deepEqual([outcome(5).created, outcome(5).row.id, outcome(5).row.city, outcome(5).row.firstname], [false, first.row.id, 'Oslo', 'Updater']);
    assert.equal(outcome(6).row.email, 'wb-c@writer.test');
    assert.ok(outcome(6).row.id > outcome(4).row.id);

    const events = await eventsOf([first.row.id, outcome(1).row.id, outcome(4).row.id, outcome(6).row.id]);
    assert.deepEqual(events.filter((e) => Number(e.contact_id) === first.row.id).map((e) => e.type), ['contact.created', 'contact.identified']);
    assert.deepEqual(events.filter((e) => Number(e.contact_id) === outcome(1).row.id).map((e) => e.type), ['contact.created']);
  });

  it('a bad owner and a bad status together name the field a create on its own names', async () => {
    const payload = { firstname: 'Both bad', email: 'both-bad@writer.test', owner: 999_999, status: 888_888 };
    const alone = await createAlone(t.db, await createRequest(payload)).then(() => undefined, (e: { fields: Record<string, string> }) => e.fields);
    const [answer] = await writeBatch(t.db, [await createRequest(payload)]);
    assert.ok(alone && 'error' in answer);
    assert.deepEqual((answer.error as { fields: Record<string, string> }).fields, alone);
  });

  it('with the AND operator, a holder must hold every identifier value', async () => {
    await t.request({ method: 'POST', url: '/api/v1/fields', payload: { alias: 'wb_member_no', label: 'Member no', type: 'text', unique_identifier: true } });
    await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'and' } });
    try {
      const requests = await Promise.all([
        createRequest({ email: 'and@writer.test', wb_member_no: 'M1' }),
        createRequest({ email: 'and@writer.test', wb_member_no: 'M2' }),
        createRequest({ email: 'and@writer.test', wb_member_no: 'M1' }),
      ]);
      assert.equal(requests[0].settings.unique_identifier_operator, 'and');
      const answers = await writeBatch(t.db, requests);
      assert.ok('value' in answers[0] && 'value' in answers[1]);
      assert.ok('error' in answers[2]);
      assert.equal((answers[2].error as { extra: { existing_id: number } }).extra.existing_id, answers[0].value.row.id);
    } finally {
      await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { unique_identifier_operator: 'or' } });
      await t.request({ method: 'PATCH', url: '/api/v1/fields/wb_member_no', payload: { unique_identifier: false } });
    }
  });
});
