import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

async function createContacts(company: string, count: number) {
  const ids: number[] = [];
  for (let start = 0; start < count; start += 1000) {
    const contacts = Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({ firstname: `P${start + i}`, email: `p${start + i}@${company.toLowerCase().replace(/\W/g, '')}.test`, company }));
    const res = await t.request({ method: 'POST', url: '/api/v1/contacts/batch', payload: { contacts } });
    assert.equal(res.statusCode, 200, res.body);
    ids.push(...res.json().results.map((r: { contact: { id: number } }) => r.contact.id));
  }
  return ids;
}

async function act(payload: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/contacts/actions', payload });
  assert.equal(res.statusCode, 202, res.body);
  assert.equal(res.headers.location, `/api/v1/jobs/${res.json().job.id}`);
  for (let i = 0; i < 400; i++) {
    const job = (await t.request({ method: 'GET', url: `/api/v1/jobs/${res.json().job.id}` })).json().job;
    if (job.state === 'succeeded' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the batch action did not finish');
}

const tagsOf = async (ids: number[]) => {
  const rows = await t.db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id')
    .select(['contact_tags.contact_id', 'tags.name']).where('contact_tags.contact_id', 'in', ids).execute();
  return rows;
};

describe('batch actions over a search', () => {
  it('tags every contact a search matches, page after page, and only those', async () => {
    const paged = await createContacts('Paged Corp', 2500);
    const other = await createContacts('Elsewhere Ltd', 3);
    const job = await act({ search: 'company:"paged corp"', action: 'add_tags', tags: ['campaign-42'] });
    assert.equal(job.state, 'succeeded', job.error);
    assert.deepEqual(job.result, { action: 'add_tags', contacts: 2500 });
    assert.equal(job.progress.done, 2500);
    assert.equal(job.progress.total, 2500);
    assert.equal((await tagsOf(paged)).filter((r) => r.name === 'campaign-42').length, 2500);
    assert.equal((await tagsOf(other)).length, 0);
    const events = await t.db.selectFrom('events').select('contact_id').where('type', '=', 'contact.tags_changed').where('contact_id', 'in', paged).execute();
    assert.equal(events.length, 2500);

    const removed = await act({ search: 'tag:campaign-42 p1*', action: 'remove_tags', tags: ['campaign-42'] });
    assert.equal(removed.state, 'succeeded', removed.error);
    const left = await tagsOf(paged);
    assert.ok(left.length > 0 && left.length < 2500);
    const stillTagged = new Set(left.map((r) => r.contact_id));
    const names = await t.db.selectFrom('contacts').select(['id', 'firstname']).where('id', 'in', paged).execute();
    for (const { id, firstname } of names) assert.equal(stillTagged.has(id), !firstname!.startsWith('P1'), `${firstname}`);
  });

  it('sets or clears the owner of the matching contacts', async () => {
    const owner = await t.user('user');
    const mine = await createContacts('Owned Inc', 5);
    const other = await createContacts('Unowned Inc', 2);
    const set = await act({ search: 'company:owned', action: 'set_owner', owner_id: owner.id });
    assert.equal(set.state, 'succeeded', set.error);
    const owners = async (ids: number[]) => (await t.db.selectFrom('contacts').select('owner_id').where('id', 'in', ids).execute()).map((r) => r.owner_id);
    assert.deepEqual(await owners(mine), Array(5).fill(owner.id));
    assert.deepEqual(await owners(other), [null, null]);
    const cleared = await act({ search: 'company:owned', action: 'set_owner', owner_id: null });
    assert.equal(cleared.state, 'succeeded');
    assert.deepEqual(await owners(mine), Array(5).fill(null));
  });

  it('deletes the matching contacts with everything that belongs to them', async () => {
    const doomed = await createContacts('Doomed Co', 30);
    const kept = await createContacts('Kept Co', 2);
    const job = await act({ search: 'company:doomed', action: 'delete' });
    assert.equal(job.state, 'succeeded', job.error);
    assert.equal(job.result.contacts, 30);
    assert.equal((await t.db.selectFrom('contacts').select('id').where('id', 'in', doomed).execute()).length, 0);
    assert.equal((await t.db.selectFrom('events').select('id').where('contact_id', 'in', doomed).execute()).length, 0);
    assert.equal((await t.db.selectFrom('contacts').select('id').where('id', 'in', kept).execute()).length, 2);
  });

  it('refuses bad input with a 400 naming the field, and queues nothing', async () => {
    const before = await t.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ search: 'email:"open', action: 'delete' }, 'search'],
      [{ action: 'set_owner' }, 'owner_id'],
      [{ action: 'set_owner', owner_id: 987654 }, 'owner_id'],
      [{ action: 'add_tags', tags: ['  '] }, 'tags'],
      [{ action: 'remove_tags' }, 'tags'],
      [{ action: 'explode' }, 'action'],
      [{ action: 'delete', extra: 1 }, 'extra'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v1/contacts/actions', payload });
      assert.equal(res.statusCode, 400, `${JSON.stringify(payload)}: ${res.body}`);
      assert.ok(res.json().error.fields?.[field] || res.json().error.message.includes(field), `${JSON.stringify(payload)} names ${field}: ${res.body}`);
    }
    const after = await t.db.selectFrom('jobs').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/contacts/actions', payload: { action: 'delete' }, as: null })).statusCode, 401);
  });
});
