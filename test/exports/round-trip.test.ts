import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SYSTEM_FIELDS } from '../../src/fields/builtins.js';
import { useTestApp } from '../helpers/app.js';
import { createContact, createField, exportCsv, importThroughApi, tag } from './helpers.js';

const t = useTestApp();

type Contact = Record<string, unknown> & { id: number };

async function contactsWithTags(ids?: number[]) {
  const list = (await t.request({ method: 'GET', url: '/api/v1/contacts?limit=1000&sort=id' })).json().contacts as Contact[];
  const chosen = ids ? list.filter((c) => ids.includes(c.id)) : list;
  return Promise.all(chosen.map(async (contact) => {
    const tags = (await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}/tags` })).json().tags as { name: string }[];
    return { ...contact, tags: tags.map((tg) => tg.name).sort() } as Contact;
  }));
}

/** A contact's values as a user sees them: every field and its tags, none of the system members. */
function values(contact: Contact) {
  const system = new Set<string>(SYSTEM_FIELDS);
  return Object.fromEntries(Object.entries(contact).filter(([key]) => !system.has(key)));
}

describe('export then import', () => {
  let originals: Contact[];

  before(async () => {
    await createField(t, { alias: 'industry', label: 'Industry', type: 'text' });
    await createField(t, { alias: 'notes_long', label: 'Long notes', type: 'textarea' });
    await createField(t, { alias: 'score', label: 'Score', type: 'number' });
    await createField(t, { alias: 'vip', label: 'VIP', type: 'boolean' });
    await createField(t, { alias: 'signed_up', label: 'Signed up', type: 'date' });
    await createField(t, { alias: 'renewal', label: 'Renewal', type: 'datetime' });
    await createField(t, { alias: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
    await createField(t, { alias: 'interests', label: 'Interests', type: 'multiselect', options: ['golf', 'chess', 'tea'] });
    const status = (await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name: 'Customer' } })).json().status;
    const owner = await t.user('user');

    const a = await createContact(t, {
      title: 'Dr', firstname: 'Zoë "Zed"', lastname: 'Ångström, Jr.', email: 'Zoe.Angstrom@Example.com', company: 'Acme, Inc.',
      position: 'Head of "Stuff"', phone: '+49 30 1234567', mobile: '+1 (555) 010-9999', address1: 'Line one\nLine two', city: '東京',
      country: 'Japan', timezone: 'Asia/Tokyo', preferred_locale: 'ja_JP', website: 'https://example.com/a?b=c,d', gender: 'female',
      birthday: '1985-12-31', points: 42, owner: owner.id, status: status.id, facebook: 'zoe.fb',
      industry: 'Robots; lasers', notes_long: 'She said: "call me"\r\nand then left, again.', score: -12.5, vip: true,
      signed_up: '2024-02-29', renewal: '2025-03-01T10:30:00.000Z', plan: 'pro', interests: ['golf', 'tea'],
    });
    const b = await createContact(t, { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com', vip: false, score: 0, points: 0 });
    const c = await createContact(t, { firstname: 'Анна', city: 'Київ', country: 'Ukraine', industry: 'Ⅻ ünïcödé ✓ 🎉', points: 3 });
    await tag(t, a.id, ['vip', 'Event 2024', 'résumé']);
    await tag(t, c.id, ['anonymous lead']);
    originals = await contactsWithTags([a.id, b.id, c.id]);
  });

  it('gives back the same contacts: every field, custom ones and tags included', async () => {
    const { text, rows } = await exportCsv(t);
    assert.equal(rows.length, 3);

    const deleted = await t.request({ method: 'DELETE', url: '/api/v1/contacts/batch', payload: { ids: originals.map((c) => c.id) } });
    assert.equal(deleted.statusCode, 200, deleted.body);
    assert.equal((await contactsWithTags()).length, 0);

    const job = await importThroughApi(t, text);
    assert.equal(job.progress.failed, 0, JSON.stringify(job));
    const imported = await contactsWithTags();
    assert.equal(imported.length, 3);
    for (const original of originals) {
      const again = imported.find((c) => c.firstname === original.firstname);
      assert.ok(again, `${original.firstname} was imported`);
      assert.notEqual(again.id, original.id, 'a new contact');
      assert.deepEqual(values(again), values(original), `${original.firstname}: the same values`);
    }
  });

  // The CSV guards formula-like text with an apostrophe (src/exports/formula.ts); the import
  // takes it off again (unescapeFormula).
  it('gives back formula-like text unchanged', async () => {
    const risky = await createContact(t, { firstname: 'Formula', email: 'formula@example.com', position: '=1+1', address1: '@SUM(A1)', industry: '-2+3', company: "'=quoted" });
    await tag(t, risky.id, ['=cmd', 'plain']);
    const before = values((await contactsWithTags([risky.id]))[0]);
    const { text } = await exportCsv(t, { ids: [risky.id] });
    assert.match(text, /,'=1\+1,/, 'guarded in the file');
    assert.match(text, /,''=quoted,/);
    await t.request({ method: 'DELETE', url: `/api/v1/contacts/${risky.id}` });
    await importThroughApi(t, text);
    const again = (await contactsWithTags()).find((c) => c.email === 'formula@example.com');
    assert.ok(again);
    assert.deepEqual(values(again), before);
  });
});
