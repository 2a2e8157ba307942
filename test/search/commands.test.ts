import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { listContacts } from '../../src/contacts/service.js';
import { useTestApp, type TestUser } from '../helpers/app.js';

const t = useTestApp();
const ids: Record<string, number> = {};
let other: TestUser;

async function post(url: string, payload: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url, payload });
  assert.ok(res.statusCode === 200 || res.statusCode === 201, `${url}: ${res.body}`);
  return res.json();
}

/** The first names of the contacts a search finds, sorted, checking the total too. */
async function search(query: string, param = 'search'): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/api/v1/contacts?${param}=${encodeURIComponent(query)}&limit=1000&sort=firstname` });
  assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
  const body = res.json();
  assert.equal(body.total, body.contacts.length, `total of ${query}`);
  assert.equal(body.total_exact, true);
  // The default order (newest first) takes the list's other way (src/contacts/list.ts): the same contacts.
  const newest = (await t.request({ method: 'GET', url: `/api/v1/contacts?${param}=${encodeURIComponent(query)}&limit=1000` })).json();
  assert.deepEqual(newest.contacts.map((c: { id: number }) => c.id).sort(), body.contacts.map((c: { id: number }) => c.id).sort(), `newest first: ${query}`);
  assert.equal(newest.total, body.total);
  return body.contacts.map((c: { firstname: string | null; city: string | null }) => c.firstname ?? `(${c.city})`).sort();
}

async function seed() {
  other = await t.user();
  await t.db.updateTable('users').set({ first_name: 'Olivia', last_name: 'Owens' }).where('id', '=', t.admin.id).execute();
  await t.db.updateTable('users').set({ first_name: 'Max', last_name: 'Mustermann' }).where('id', '=', other.id).execute();
  for (const field of [
    { alias: 'rank', label: 'Rank', type: 'number' },
    { alias: 'joined', label: 'Joined', type: 'date' },
    { alias: 'met_at', label: 'Met at', type: 'datetime' },
    { alias: 'call_time', label: 'Call time', type: 'time' },
    { alias: 'vip', label: 'VIP', type: 'boolean' },
    { alias: 'nickname', label: 'Nickname', type: 'text' },
    { alias: 'interests', label: 'Interests', type: 'multiselect', options: [{ value: 'sports', label: 'Sports' }, { value: 'music', label: 'Music' }, { value: 'travel', label: 'Travel' }] },
  ]) await post('/api/v1/fields', field);
  const lead = (await post('/api/v1/statuses', { name: 'Lead' })).status.id;
  const customer = (await post('/api/v1/statuses', { name: 'Customer' })).status.id;
  const people: Record<string, Record<string, unknown>> = {
    Alice: { lastname: 'Zimmer', email: 'Alice@Acme.test', company: 'Acme', city: 'Prague', points: 15, rank: 3, owner: t.admin.id, status: lead, joined: '2024-03-10', met_at: '2024-03-10T09:30:00Z', call_time: '09:30', vip: true, nickname: 'Ali', interests: ['sports', 'music'], birthday: '1990-05-01' },
    Bob: { lastname: 'Young', email: 'bob@globex.test', company: 'Globex', city: 'Berlin', points: 5, rank: 1, owner: other.id, status: customer, joined: '2023-12-31', met_at: '2023-12-31T23:59:00Z', call_time: '14:00', vip: false, interests: ['travel'], birthday: '1985-12-31' },
    Carol: { lastname: 'van der Berg', email: 'carol@acme.test', company: 'Acme Labs', city: 'Prague', points: 10, rank: 2, nickname: 'Caz' },
    Dan: { lastname: "O'Brien", email: 'dan_x%y@weird.test', company: 'Back\\slash Ltd', city: 'Dublin', points: -3 },
    Eve: { lastname: 'Martin', email: 'eve@acme.test.org', company: 'Evil; DROP TABLE contacts; --', city: 'Paris', points: 0 },
  };
  for (const [firstname, values] of Object.entries(people)) ids[firstname] = (await post('/api/v1/contacts', { firstname, ...values })).contact.id;
  ids.anon = (await post('/api/v1/contacts', { city: 'Lyon' })).contact.id;
  // A tombstone that matches nearly everything must never be found.
  await t.db.insertInto('contacts').values({ firstname: 'Alice', lastname: 'Ghost', email: 'ghost@acme.test', city: 'Prague', merged_into: ids.Alice, custom: '{}' }).execute();
  await post(`/api/v1/contacts/${ids.Alice}/tags`, { add: ['VIP', 'Newsletter'] });
  await post(`/api/v1/contacts/${ids.Bob}/tags`, { add: ['lost'] });
  await post(`/api/v1/contacts/${ids.Carol}/tags`, { add: ['vipish'] });
  await t.db.insertInto('contact_ips').values([
    { contact_id: ids.Alice, ip: '10.0.0.1' }, { contact_id: ids.Alice, ip: '2001:db8::1' },
    { contact_id: ids.Bob, ip: '192.168.1.5' }, { contact_id: ids.anon, ip: '10.0.0.20' },
  ]).execute();
}

describe('contact search', () => {
before(seed);

describe('free text', () => {
  it('finds a word anywhere in names, email, company and places, case-insensitively', async () => {
    assert.deepEqual(await search('acme'), ['Alice', 'Carol', 'Eve']);
    assert.deepEqual(await search('PRAG'), ['Alice', 'Carol']);
    assert.deepEqual(await search('der ber'), ['Carol']);
    assert.deepEqual(await search('lyon'), ['(Lyon)']);
  });

  it('ANDs words, and q= is the same as search=', async () => {
    assert.deepEqual(await search('acme prague'), ['Alice', 'Carol']);
    assert.deepEqual(await search('acme prague labs'), ['Carol']);
    assert.deepEqual(await search('acme prague labs', 'q'), ['Carol']);
  });

  it('a quoted phrase is one value; + makes it exact on one field', async () => {
    assert.deepEqual(await search('"van der"'), ['Carol']);
    assert.deepEqual(await search('"acme prague"'), []);
    assert.deepEqual(await search('+acme'), ['Alice']);
    assert.deepEqual(await search('+"acme labs"'), ['Carol']);
  });

  it('* is a wildcard inside one field, not across two', async () => {
    assert.deepEqual(await search('ac*labs'), ['Carol']);
    assert.deepEqual(await search('zim*prague'), []);
  });

  it('is blank for an empty or whitespace search: everything', async () => {
    assert.equal((await search('')).length, 6);
    assert.equal((await search('   ')).length, 6);
  });
});

describe('contact commands', () => {
  it('email: is a prefix, * a wildcard, + exact; values are lowercased', async () => {
    assert.deepEqual(await search('email:alice'), ['Alice']);
    assert.deepEqual(await search('email:ALICE@'), ['Alice']);
    assert.deepEqual(await search('email:*@acme.test'), ['Alice', 'Carol']);
    assert.deepEqual(await search('email:*acme.test*'), ['Alice', 'Carol', 'Eve']);
    assert.deepEqual(await search('email:+carol@acme.test'), ['Carol']);
    assert.deepEqual(await search('+email:carol@acme'), []);
  });

  it('name: matches first or last name prefixes and the full name', async () => {
    assert.deepEqual(await search('name:al'), ['Alice']);
    assert.deepEqual(await search('name:you'), ['Bob']);
    assert.deepEqual(await search('name:"van der"'), ['Carol']);
    assert.deepEqual(await search('name:"bob yo"'), ['Bob']);
    assert.deepEqual(await search('name:+bob'), ['Bob']);
    assert.deepEqual(await search('name:bo*g'), []);
  });

  it('company:, ids:, is:anonymous', async () => {
    assert.deepEqual(await search('company:acme'), ['Alice', 'Carol']);
    assert.deepEqual(await search('company:+acme'), ['Alice']);
    assert.deepEqual(await search(`ids:${ids.Bob},${ids.Dan}`), ['Bob', 'Dan']);
    assert.deepEqual(await search('is:anonymous'), ['(Lyon)']);
    assert.equal((await search('!is:anonymous')).length, 5);
  });

  it('owner:, is:mine and is:unowned', async () => {
    assert.deepEqual(await search('owner:oliv'), ['Alice']);
    assert.deepEqual(await search('owner:muster'), ['Bob']);
    assert.deepEqual(await search('is:mine'), ['Alice']);
    const mine = await t.request({ method: 'GET', url: '/api/v1/contacts?search=is:mine', as: other });
    assert.deepEqual(mine.json().contacts.map((c: { id: number }) => c.id), [ids.Bob]);
    assert.deepEqual(await search('is:unowned'), ['(Lyon)', 'Carol', 'Dan', 'Eve']);
  });

  it('status:, tag: and ip:', async () => {
    assert.deepEqual(await search('status:lea'), ['Alice']);
    assert.deepEqual(await search('status:+customer'), ['Bob']);
    assert.deepEqual(await search('tag:vip'), ['Alice', 'Carol']);
    assert.deepEqual(await search('tag:+vip'), ['Alice']);
    assert.deepEqual(await search('tag:news'), ['Alice']);
    assert.deepEqual(await search('ip:10.0.0'), ['(Lyon)', 'Alice']);
    assert.deepEqual(await search('ip:+10.0.0.2'), []);
    assert.deepEqual(await search('ip:+10.0.0.20'), ['(Lyon)']);
    assert.deepEqual(await search('ip:2001:db8'), ['Alice']);
  });

  it('timestamps compare as periods', async () => {
    const year = new Date().getUTCFullYear();
    assert.equal((await search(`created_at:${year}..${year + 1}`)).length, 6);
    assert.deepEqual(await search(`created_at:<${year - 30}`), []);
    assert.equal((await search(`created_at:>=2000-01-01`)).length, 6);
  });

  it('is:<unknown> is a 400 listing the flags', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/contacts?search=is:famous' });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().error.fields.search, /is:anonymous/);
    assert.equal(res.json().error.position, 3);
  });
});

describe('field commands', () => {
  it('a text field alias is a prefix match, built-in or custom', async () => {
    assert.deepEqual(await search('city:prag'), ['Alice', 'Carol']);
    assert.deepEqual(await search('lastname:o'), ['Dan']);
    assert.deepEqual(await search('nickname:c'), ['Carol']);
    assert.deepEqual(await search('nickname:+ali'), ['Alice']);
  });

  it('numbers compare as numbers, with ranges', async () => {
    assert.deepEqual(await search('points:>10'), ['Alice']);
    assert.deepEqual(await search('points:>=10'), ['Alice', 'Carol']);
    assert.deepEqual(await search('points:<0'), ['Dan']);
    assert.deepEqual(await search('points:<=0'), ['(Lyon)', 'Dan', 'Eve']);
    assert.deepEqual(await search('points:10'), ['Carol']);
    assert.deepEqual(await search('points:5..10'), ['Bob', 'Carol']);
    assert.deepEqual(await search('points:-3'), ['Dan']);
    assert.deepEqual(await search('points:>9.5'), ['Alice', 'Carol']);
    assert.deepEqual(await search('points:<=9.5'), ['(Lyon)', 'Bob', 'Dan', 'Eve']);
    assert.deepEqual(await search('points:10.5'), []);
    assert.deepEqual(await search('points:>999999999999999'), []);
    assert.deepEqual(await search('rank:2.5..3'), ['Alice']);
    assert.deepEqual(await search('rank:>1'), ['Alice', 'Carol']);
    assert.deepEqual(await search('rank:..2'), ['Bob', 'Carol']);
  });

  it('dates compare as days, months and years', async () => {
    assert.deepEqual(await search('joined:2024'), ['Alice']);
    assert.deepEqual(await search('joined:<2024'), ['Bob']);
    assert.deepEqual(await search('joined:>=2023-12-31'), ['Alice', 'Bob']);
    assert.deepEqual(await search('joined:>2023-12'), ['Alice']);
    assert.deepEqual(await search('birthday:1990-05'), ['Alice']);
    assert.deepEqual(await search('birthday:1980..1989'), ['Bob']);
    assert.deepEqual(await search('met_at:2024-03-10'), ['Alice']);
    assert.deepEqual(await search('met_at:<2024'), ['Bob']);
    assert.deepEqual(await search('call_time:09'), ['Alice']);
    assert.deepEqual(await search('call_time:>=12:00'), ['Bob']);
  });

  it('booleans and multiselects', async () => {
    assert.deepEqual(await search('vip:yes'), ['Alice']);
    assert.deepEqual(await search('vip:0'), ['(Lyon)', 'Bob', 'Carol', 'Dan', 'Eve']);
    assert.deepEqual(await search('interests:mus'), ['Alice']);
    assert.deepEqual(await search('interests:+travel'), ['Bob']);
    assert.deepEqual(await search('!interests:sports'), ['(Lyon)', 'Bob', 'Carol', 'Dan', 'Eve']);
  });

  it('a bad typed value is a 400 naming search, with the position of the value', async () => {
    for (const [query, position] of [['points:abc', 7], ['city:x points:>', 14], ['joined:2024-13-01', 7], ['vip:maybe', 4], ['rank:1..x', 5], [`ids:1,x`, 4]] as const) {
      const res = await t.request({ method: 'GET', url: `/api/v1/contacts?search=${encodeURIComponent(query)}` });
      assert.equal(res.statusCode, 400, query);
      assert.equal(res.json().error.code, 'search_syntax');
      assert.ok(res.json().error.fields.search, query);
      assert.equal(res.json().error.position, position, query);
    }
  });

  it('an unknown command is free text for the whole token, and command names are case-sensitive', async () => {
    assert.deepEqual(await search('Email:alice'), []);
    await t.request({ method: 'PATCH', url: `/api/v1/contacts/${ids.Eve}`, payload: { facebook: 'https://fb.test/eve' } });
    assert.deepEqual(await search('https://fb.test'), ['Eve']);
    assert.deepEqual(await search('segment:vip'), []);
  });

  it('a command with nothing after the colon is ignored', async () => {
    assert.equal((await search('tag:')).length, 6);
    assert.deepEqual(await search('tag: acme'), ['Alice', 'Carol', 'Eve']);
  });
});

describe('negation, OR and parentheses', () => {
  it('! and - negate, including contacts with no value', async () => {
    assert.deepEqual(await search('!acme'), ['(Lyon)', 'Bob', 'Dan']);
    assert.deepEqual(await search('-city:prague'), ['(Lyon)', 'Bob', 'Dan', 'Eve']);
    assert.deepEqual(await search('!nickname:a'), ['(Lyon)', 'Bob', 'Carol', 'Dan', 'Eve']);
    assert.deepEqual(await search('email:!*@acme.test'), ['(Lyon)', 'Bob', 'Dan', 'Eve']);
  });

  it('a negated join command means none of the related rows match (contacts without any too)', async () => {
    assert.deepEqual(await search('!tag:vip'), ['(Lyon)', 'Bob', 'Dan', 'Eve']);
    assert.deepEqual(await search('!tag:lost !is:anonymous'), ['Alice', 'Carol', 'Dan', 'Eve']);
    assert.deepEqual(await search('!ip:10.'), ['Bob', 'Carol', 'Dan', 'Eve']);
    assert.deepEqual(await search('!owner:max'), ['(Lyon)', 'Alice', 'Carol', 'Dan', 'Eve']);
    assert.deepEqual(await search('!status:lead'), ['(Lyon)', 'Bob', 'Carol', 'Dan', 'Eve']);
  });

  it('OR in any case, AND binding tighter', async () => {
    assert.deepEqual(await search('city:berlin OR city:dublin'), ['Bob', 'Dan']);
    assert.deepEqual(await search('city:berlin or city:dublin Or tag:vip'), ['Alice', 'Bob', 'Carol', 'Dan']);
    assert.deepEqual(await search('city:prague AND points:>10 OR city:berlin'), ['Alice', 'Bob']);
    assert.deepEqual(await search('city:prague points:>10 OR city:berlin'), ['Alice', 'Bob']);
  });

  it('parentheses group, negate and carry a command inside', async () => {
    assert.deepEqual(await search('(city:berlin OR city:prague) points:<=10'), ['Bob', 'Carol']);
    assert.deepEqual(await search('!(city:berlin OR city:prague)'), ['(Lyon)', 'Dan', 'Eve']);
    assert.deepEqual(await search('city:(berlin OR dublin)'), ['Bob', 'Dan']);
    assert.deepEqual(await search('!tag:(vip OR lost)'), ['(Lyon)', 'Dan', 'Eve']);
    assert.deepEqual(await search('((acme) (prague OR berlin))'), ['Alice', 'Carol']);
  });
});

describe('sorting with a search', () => {
  it('sorts by a custom field, either way, blanks last, with paging and the total', async () => {
    const page = (await t.request({ method: 'GET', url: '/api/v1/contacts?search=!is:anonymous&sort=-rank&limit=2&offset=1' })).json();
    assert.equal(page.total, 5);
    assert.deepEqual(page.contacts.map((c: { firstname: string }) => c.firstname), ['Carol', 'Bob']);
    const ascending = (await t.request({ method: 'GET', url: '/api/v1/contacts?search=!is:anonymous&sort=rank' })).json();
    assert.deepEqual(ascending.contacts.map((c: { firstname: string }) => c.firstname).slice(0, 3), ['Bob', 'Carol', 'Alice']);
    const byPoints = (await t.request({ method: 'GET', url: `/api/v1/contacts?search=${encodeURIComponent('acme OR globex')}&sort=-points` })).json();
    assert.deepEqual(byPoints.contacts.map((c: { firstname: string }) => c.firstname), ['Alice', 'Carol', 'Bob', 'Eve']);
  });
});

describe('the two ways of listing', () => {
  it('a window of the newest contacts fills a broad search\'s page and estimates its total', async () => {
    const fields = await t.ctx.fields.load(t.db);
    const tuning = { window: 2, exactUpTo: 1, countBudgetMs: 1000 };
    const broad = await listContacts(t.db, fields, { offset: 0, limit: 1, search: 'acme' }, tuning);
    assert.deepEqual(broad.rows.map((r) => r.firstname), ['Eve']);
    assert.equal(broad.totalExact, false);
    assert.ok(broad.total >= 2, String(broad.total));
    await sql`ANALYZE contacts`.execute(t.db);
    const extrapolated = await listContacts(t.db, fields, { offset: 0, limit: 1, search: 'acme' }, tuning);
    assert.deepEqual(extrapolated.rows.map((r) => r.firstname), ['Eve']);
    assert.deepEqual([extrapolated.total, extrapolated.totalExact], [4, false]);
  });

  it('a search the window does not satisfy goes to the planner, with an exact total', async () => {
    const fields = await t.ctx.fields.load(t.db);
    const narrow = await listContacts(t.db, fields, { offset: 0, limit: 1, search: 'berlin' }, { window: 2, exactUpTo: 1, countBudgetMs: 1000 });
    assert.deepEqual(narrow.rows.map((r) => r.firstname), ['Bob']);
    assert.deepEqual([narrow.total, narrow.totalExact], [1, true]);
    const paged = await listContacts(t.db, fields, { offset: 1, limit: 2, search: 'acme' }, { window: 3, exactUpTo: 10, countBudgetMs: 1000 });
    assert.deepEqual(paged.rows.map((r) => r.firstname), ['Carol', 'Alice']);
    assert.deepEqual([paged.total, paged.totalExact], [3, true]);
    const pastTheEnd = await listContacts(t.db, fields, { offset: 10, limit: 2, search: 'acme' }, { window: 3, exactUpTo: 10, countBudgetMs: 1000 });
    assert.deepEqual([pastTheEnd.rows.length, pastTheEnd.total, pastTheEnd.totalExact], [0, 3, true]);
  });

  it('more matches than it counts exactly: the planner\'s page and an estimate', async () => {
    const fields = await t.ctx.fields.load(t.db);
    const many = await listContacts(t.db, fields, { offset: 0, limit: 2, search: 'acme' }, { window: 1, exactUpTo: 1, countBudgetMs: 1000 });
    assert.deepEqual(many.rows.map((r) => r.firstname), ['Eve', 'Carol']);
    assert.equal(many.totalExact, false);
    assert.ok(many.total >= 2);
  });
});
});
