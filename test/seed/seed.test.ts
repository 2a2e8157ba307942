import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { BUILTIN_FIELDS } from '../../src/fields/builtins.js';
import { countryName } from '../../src/fields/countries.js';
import { FieldRegistry } from '../../src/fields/registry.js';
import { createField } from '../../src/fields/service.js';
import { normaliseValue, type FieldType } from '../../src/fields/values.js';
import { buildCompanies, INDUSTRIES } from '../../src/seed/companies.js';
import { asciiSlug, femaleFamilyName, NAMES, CULTURES } from '../../src/seed/names.js';
import { COUNTRIES, FREE_MAIL } from '../../src/seed/places.js';
import { EVENT_TYPES } from '../../src/seed/events.js';
import { seed, type SeedResult } from '../../src/seed/run.js';
import { DEMO_SITE } from '../../src/seed/web.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const CONTACTS = 2_000;
const EVENTS = 5_000;
const DAY = 86_400_000;

/** Dialling codes, written out here rather than taken from the seed data they check. */
const DIALLING: Record<string, string> = {
  Germany: '+49', 'United Kingdom': '+44', 'United States': '+1', France: '+33', Japan: '+81', Brazil: '+55',
  India: '+91', Spain: '+34', Italy: '+39', Poland: '+48', Canada: '+1', Australia: '+61',
};

function stored(type: FieldType, value: unknown, options: readonly { value: string; label: string }[] = []) {
  const result = normaliseValue({ type, options }, value);
  assert.ok(result.ok, `${type} ${JSON.stringify(value)} is refused: ${result.ok ? '' : result.message}`);
  return result.value;
}

const malesNames = new Set(CULTURES.flatMap((c) => NAMES[c].male));
const femaleNames = new Set(CULTURES.flatMap((c) => NAMES[c].female));
const familyNames = new Set(CULTURES.flatMap((c) => NAMES[c].family.flatMap((n) => [n, femaleFamilyName(c, n)])));
const companies = new Map(buildCompanies().map((c) => [c.name, c]));
const freeMail = new Set(Object.values(FREE_MAIL).flat());
const cities = new Map(COUNTRIES.flatMap((country) => country.cities.map((city) => [`${city.name}|${countryName(country.code)}`, { country, city }])));

describe('npm run seed', () => {
  let database: TestDatabase;
  let result: SeedResult;
  let builtinsBefore: unknown[];
  const registry = new FieldRegistry();
  const startedAt = Date.now();

  const builtins = () => database.db.selectFrom('fields').select(['alias', 'type', 'options', 'position'])
    .where('builtin', '=', true).orderBy('alias').execute();

  before(async () => {
    database = await createTestDatabase();
    builtinsBefore = await builtins();
    // Small chunks, two at a time: several statements, as with a real run.
    result = await seed(database.db, registry, { contacts: CONTACTS, events: EVENTS, chunkSize: 700, jobs: 2 });
  });
  after(() => database?.drop());

  const contacts = () => database.db.selectFrom('contacts').selectAll().orderBy('id').execute();

  it('adds exactly the contacts and events asked for, with ids from the identity', async () => {
    assert.equal(result.contacts, CONTACTS);
    assert.equal(result.events, EVENTS);
    const counts = await sql<{ contacts: number; events: number; min: number; max: number }>`
      SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM events) AS events,
        (SELECT min(id) FROM contacts) AS min, (SELECT max(id) FROM contacts) AS max`.execute(database.db);
    assert.deepEqual(counts.rows[0], { contacts: CONTACTS, events: EVENTS, min: 1, max: CONTACTS });
    assert.deepEqual([result.firstId, result.lastId], [1, CONTACTS]);
  });

  it('makes about one contact in five an anonymous visitor with only a place', async () => {
    const rows = await contacts();
    const anonymous = rows.filter((c) => c.anonymous);
    assert.ok(anonymous.length > CONTACTS * 0.13 && anonymous.length < CONTACTS * 0.27, `${anonymous.length} anonymous`);
    for (const c of rows) {
      assert.equal(c.anonymous, c.email === null, `contact ${c.id}: anonymous is set from the email`);
      assert.equal(c.identified_at === null, c.anonymous);
      assert.ok(c.city && c.country && c.timezone && c.preferred_locale, `contact ${c.id} has a place`);
    }
    for (const c of anonymous) {
      assert.deepEqual([c.firstname, c.lastname, c.company, c.phone, c.mobile, c.birthday, c.gender], [null, null, null, null, null, null, null]);
      assert.deepEqual(c.custom, {});
      assert.ok(c.points >= 0 && c.points <= 20);
    }
  });

  it('derives unique lower-case emails from the names, at the company or a free-mail domain', async () => {
    const rows = (await contacts()).filter((c) => !c.anonymous);
    assert.equal(new Set(rows.map((c) => c.email_normalized)).size, rows.length);
    for (const c of rows) {
      const email = c.email!;
      assert.equal(email, email.toLowerCase());
      assert.equal(stored('email', email), email);
      const [local, domain] = email.split('@');
      const [first, family] = [asciiSlug(c.firstname!), asciiSlug(c.lastname!)];
      const bases = [`${first}.${family}`, `${first}${family}`, `${first[0]}.${family}`, `${first}_${family}`, `${first[0]}${family}`, first];
      assert.ok(bases.map((base) => `${base}${c.id}`).includes(local), `${email} fits ${c.firstname} ${c.lastname} (${c.id})`);
      const company = c.company ? companies.get(c.company) : undefined;
      assert.ok(freeMail.has(domain) || domain === company?.domain, `${email}: domain of ${c.company ?? 'no company'}`);
    }
  });

  it('gives names that match the gender, and titles that match both', async () => {
    for (const c of (await contacts()).filter((r) => !r.anonymous)) {
      assert.ok(familyNames.has(c.lastname!), c.lastname!);
      if (c.gender === 'male') assert.ok(malesNames.has(c.firstname!), `${c.firstname} is male`);
      else if (c.gender === 'female') assert.ok(femaleNames.has(c.firstname!), `${c.firstname} is female`);
      else assert.equal(c.gender, 'other');
      if (c.title === 'Mr') assert.equal(c.gender, 'male');
      if (c.title === 'Mrs' || c.title === 'Ms') assert.equal(c.gender, 'female');
    }
  });

  it('puts every city in its country and state, with its time zone, a local locale, phone numbers and ZIP code', async () => {
    for (const c of await contacts()) {
      const place = cities.get(`${c.city}|${c.country}`);
      assert.ok(place, `${c.city} is in ${c.country}`);
      assert.equal(countryName(c.country!), c.country, 'the English country name, as the API stores it');
      assert.equal(c.state, place.city.state);
      assert.equal(stored('timezone', c.timezone), c.timezone);
      assert.ok(place.city.timezone.includes(c.timezone!), `${c.timezone} for ${c.city}`);
      assert.equal(stored('locale', c.preferred_locale), c.preferred_locale);
      assert.equal(countryName(c.preferred_locale!.split('_')[1]), c.country, `${c.preferred_locale} in ${c.country}`);
      for (const phone of [c.phone, c.mobile, c.business_phone]) {
        if (phone === null) continue;
        assert.equal(stored('phone', phone), phone);
        if (DIALLING[c.country!]) assert.ok(phone.startsWith(`${DIALLING[c.country!]} `), `${phone} in ${c.country}`);
      }
      if (c.zipcode !== null) assert.match(c.zipcode, /^[0-9A-Z][0-9A-Z -]{2,9}$/);
      if (c.business_phone !== null) assert.ok(c.company, 'a business phone comes with a company');
      if (c.company) assert.ok(c.position, 'someone with a company has a job title');
    }
  });

  it('spreads creation over two years, with activity after creation and identification between', async () => {
    const now = Date.now();
    for (const c of await contacts()) {
      const created = c.created_at.getTime();
      assert.ok(created >= startedAt - 731 * DAY && created <= now, `created ${c.created_at.toISOString()}`);
      assert.ok(c.last_active_at!.getTime() >= created && c.last_active_at!.getTime() <= now);
      assert.equal(c.first_seen_at!.getTime(), created);
      if (c.identified_at) assert.ok(c.identified_at.getTime() >= created && c.identified_at <= c.last_active_at!);
      if (!c.anonymous) assert.ok(c.points >= 0 && c.points <= 200);
    }
    const spread = await sql<{ days: number }>`SELECT extract(day FROM max(created_at) - min(created_at))::int AS days FROM contacts`.execute(database.db);
    assert.ok(spread.rows[0].days > 600, `created over ${spread.rows[0].days} days`);
    const ages = await sql<{ min: number; max: number; n: number }>`
      SELECT min(extract(year FROM age(current_date, birthday)))::int AS min, max(extract(year FROM age(current_date, birthday)))::int AS max,
        count(birthday) AS n FROM contacts`.execute(database.db);
    assert.ok(ages.rows[0].min >= 18 && ages.rows[0].max <= 80 && ages.rows[0].n > CONTACTS / 3, JSON.stringify(ages.rows[0]));
  });

  it('creates the custom fields through the registry and leaves the built-in fields alone', async () => {
    assert.deepEqual([...result.fields.created].sort(), ['industry', 'lifetime_value', 'newsletter']);
    assert.deepEqual(await builtins(), builtinsBefore);
    const fields = (await registry.load(database.db)).byAlias;
    assert.equal(fields.get('industry')?.type, 'select');
    assert.deepEqual(fields.get('industry')?.options, INDUSTRIES.map(({ value, label }) => ({ value, label })));
    assert.equal(fields.get('newsletter')?.type, 'boolean');
    assert.equal(fields.get('lifetime_value')?.type, 'number');
    assert.equal((await registry.load(database.db)).all.filter((f) => f.builtin).length, BUILTIN_FIELDS.length);
  });

  it('stores custom values as the API would: option values, JSON booleans and numbers', async () => {
    const fields = (await registry.load(database.db)).byAlias;
    const rows = (await contacts()).filter((c) => !c.anonymous);
    let withValue = 0;
    for (const c of rows) {
      const custom = c.custom as Record<string, unknown>;
      assert.equal(typeof custom.newsletter, 'boolean');
      assert.equal(custom.industry, c.company ? companies.get(c.company)!.industry : undefined, `industry of ${c.company}`);
      for (const [alias, value] of Object.entries(custom)) {
        const field = fields.get(alias)!;
        assert.deepEqual(stored(field.type, value, field.options), value, `${alias} = ${JSON.stringify(value)}`);
      }
      if ('lifetime_value' in custom) {
        withValue++;
        const value = custom.lifetime_value as number;
        assert.ok(value >= 0 && value <= 25_000 && Number(value.toFixed(2)) === value, String(value));
      }
    }
    assert.ok(withValue > rows.length * 0.3 && withValue < rows.length * 0.6, `${withValue} lifetime values`);
    const text = await sql<{ n: number }>`SELECT count(*) AS n FROM contacts WHERE jsonb_typeof(custom -> 'lifetime_value') <> 'number'
      OR jsonb_typeof(custom -> 'newsletter') <> 'boolean' OR jsonb_typeof(custom -> 'industry') <> 'string'`.execute(database.db);
    assert.equal(text.rows[0].n, 0);
  });

  it('gives events to existing contacts only, within their active time, by type', async () => {
    const events = await sql<{ type: string; data: Record<string, unknown>; occurred_at: Date; created_at: Date; last_active_at: Date; identified_at: Date | null; email: string | null }>`
      SELECT e.type, e.data, e.occurred_at, c.created_at, c.last_active_at, c.identified_at, c.email
      FROM events e JOIN contacts c ON c.id = e.contact_id`.execute(database.db);
    assert.equal(events.rows.length, EVENTS);
    const types = new Map<string, number>();
    for (const e of events.rows) {
      types.set(e.type, (types.get(e.type) ?? 0) + 1);
      assert.ok(e.occurred_at >= e.created_at && e.occurred_at <= e.last_active_at, `${e.type} at ${e.occurred_at.toISOString()}`);
      if (e.type === 'page.hit') {
        assert.deepEqual(Object.keys(e.data).sort(), ['referrer', 'title', 'url']);
        assert.ok(String(e.data.url).startsWith(DEMO_SITE) && typeof e.data.title === 'string');
        continue;
      }
      assert.ok(e.email !== null && e.occurred_at >= e.identified_at!, `${e.type} only once identified`);
      const keys = e.type === 'email.read' ? ['email_id', 'subject'] : ['form_id', 'form_name', 'url'];
      assert.deepEqual(Object.keys(e.data).sort(), keys);
    }
    assert.deepEqual([...types.keys()].sort(), [...EVENT_TYPES].sort());
    assert.ok(types.get('page.hit')! > EVENTS / 2, `${types.get('page.hit')} page hits`);
  });

  it('adds to what is there when run again, and gives events to existing contacts alone', async () => {
    const fieldCount = (await registry.load(database.db)).all.length;
    const again = await seed(database.db, registry, { contacts: 500, events: 0, chunkSize: 1_000 });
    assert.deepEqual([again.contacts, again.firstId, again.lastId, again.fields.created.length], [500, CONTACTS + 1, CONTACTS + 500, 0]);
    registry.invalidate();
    assert.equal((await registry.load(database.db)).all.length, fieldCount);
    const emails = await sql<{ n: number; distinct: number }>`SELECT count(email_normalized) AS n, count(DISTINCT email_normalized) AS distinct FROM contacts`.execute(database.db);
    assert.equal(emails.rows[0].n, emails.rows[0].distinct);

    const more = await seed(database.db, registry, { contacts: 0, events: 300, chunkSize: 1_000 });
    assert.equal(more.events, 300);
    const orphans = await sql<{ n: number }>`SELECT count(*) AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = e.contact_id)`.execute(database.db);
    assert.equal(orphans.rows[0].n, 0);
    const total = await sql<{ n: number }>`SELECT count(*) AS n FROM events`.execute(database.db);
    assert.equal(total.rows[0].n, EVENTS + 300);
  });
});

describe('npm run seed with fields already defined', () => {
  let database: TestDatabase;
  const registry = new FieldRegistry();
  before(async () => { database = await createTestDatabase(); });
  after(() => database?.drop());

  it('leaves a same-named field of another type alone and applies the defaults of the others', async () => {
    await createField(database.db, registry, { alias: 'industry', label: 'Industry', type: 'text' });
    await createField(database.db, registry, { alias: 'source', label: 'Source', type: 'text', default_value: 'trade fair' });
    const result = await seed(database.db, registry, { contacts: 300, events: 0, chunkSize: 1_000 });
    assert.deepEqual(result.fields.skipped.map((s) => s.alias), ['industry']);
    assert.deepEqual([...result.fields.created].sort(), ['lifetime_value', 'newsletter']);
    const rows = await database.db.selectFrom('contacts').select(['anonymous', 'custom']).execute();
    assert.equal(rows.length, 300);
    for (const { anonymous, custom } of rows) {
      const values = custom as Record<string, unknown>;
      assert.equal(values.industry, undefined);
      assert.equal(values.source, 'trade fair');
      assert.equal(typeof values.newsletter, anonymous ? 'undefined' : 'boolean');
    }
  });
});
