import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { SeedFieldPlan } from './fields.js';
import { INDUSTRIES } from './companies.js';
import { eventRows, POOL_COLUMNS } from './events.js';
import { CULTURES } from './names.js';
import { SEPARATOR, type SeedTables } from './tables.js';

/** What stays the same for every chunk of one seeding run. */
export interface ContactRun {
  readonly tables: SeedTables;
  readonly fields: SeedFieldPlan;
  /** OID of the identity sequence of contacts.id: ids come from it, and so do the email suffixes. */
  readonly sequence: number;
  /** Contacts in the whole run; the one with id firstId + k is created at start + k/total of the span. */
  readonly total: number;
  /** The id the sequence hands out next when the run starts. */
  readonly firstId: number;
  readonly startEpoch: number;
  readonly endEpoch: number;
  /** Latest and span of birthdays giving ages 18 to 80 (YYYY-MM-DD, days). */
  readonly birthdayLatest: string;
  readonly birthdaySpanDays: number;
  readonly anonymousShare: number;
  /** Existing emails a generated one could equal (see takenEmails); such a contact gets none. */
  readonly takenEmails: readonly string[];
}

export interface InsertedRange {
  readonly count: number;
  readonly firstId: number | null;
  readonly lastId: number | null;
  readonly events: number;
}

const text = (values: readonly (string | null)[]) => sql`(${values}::text[])`;
const ints = (values: readonly number[]) => sql`(${values}::int[])`;
const floats = (values: readonly number[]) => sql`(${values}::float8[])`;

/**
 * The custom JSON of identified contacts without a lifetime value, as the API would store it
 * (options by value, JSON booleans), with the fields' defaults under it: element
 * 1 + industry * 2 + newsletter, industry 0 meaning none.
 */
function customBases(run: ContactRun): { anonymous: string; identified: string[] } {
  const { use, defaults } = run.fields;
  const identified: string[] = [];
  for (let industry = 0; industry <= INDUSTRIES.length; industry++) {
    for (const newsletter of [false, true]) {
      const values: Record<string, unknown> = { ...defaults };
      if (use.has('industry') && industry > 0) values.industry = INDUSTRIES[industry - 1].value;
      if (use.has('newsletter')) values.newsletter = newsletter;
      identified.push(JSON.stringify(values));
    }
  }
  return { anonymous: JSON.stringify(defaults), identified };
}

function emailOrNull(run: ContactRun, candidate: RawBuilder<unknown>): RawBuilder<unknown> {
  return run.takenEmails.length === 0 ? candidate
    : sql`CASE WHEN ${candidate} = ANY(${text(run.takenEmails)}) THEN NULL ELSE ${candidate} END`;
}

/** A relation numbered from 1 (column i) over parallel arrays; `lists` columns are split back into arrays. */
function lookup(alias: string, columns: Record<string, readonly (string | null)[]>, lists: readonly string[] = []): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const select = names.map((name) => (lists.includes(name) ? `string_to_array(${name}, '${SEPARATOR}') AS ${name}` : name));
  // OFFSET 0: split once per lookup row, not once per contact where the column is used.
  return sql`(SELECT i, ${sql.raw(select.join(', '))}
    FROM unnest(${sql.join(names.map((name) => text(columns[name])))}) WITH ORDINALITY AS l(${sql.raw(names.join(', '))}, i)
    OFFSET 0) AS ${sql.raw(alias)}`;
}

/** Inserts `size` contacts of the run and `events` timeline events for them in one statement. */
export async function insertContactChunk(db: Db, run: ContactRun, size: number, events = 0): Promise<InsertedRange> {
  const row = await db.transaction().execute(async (trx) => {
    // Planner settings for this transaction only. The estimated cost is far above the JIT
    // threshold, and compiling the expressions takes longer than running them; the lookups
    // are tiny hash tables, which the join estimates do not show; the events are sorted in
    // memory.
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL enable_mergejoin = off`.execute(trx);
    await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    return (await contactChunkQuery(run, size, events).execute(trx)).rows[0];
  });
  return {
    count: Number(row.count),
    firstId: row.first_id === null ? null : Number(row.first_id),
    lastId: row.last_id === null ? null : Number(row.last_id),
    events: Number(row.events),
  };
}

/**
 * The statement, from the inside out: `d` (chunkRows) has one row per contact with its id,
 * numbers and list positions; `v` joins three small lookups (the city, the naming culture,
 * the company) and picks the text; `e` builds the email and the times. The events are made
 * from what the insert returns, so they need no second look at contacts; they are inserted in
 * contact order, the order of their index.
 */
export function contactChunkQuery(run: ContactRun, size: number, events = 0) {
  const t = run.tables;
  const candidate = sql`(local_part || id || '@' || mail_domain)`;
  // Evaluated once per row: CASE runs one branch.
  const familySlug = sql`CASE WHEN gender = 'female' THEN cu.family_slugs_female[family_k] ELSE cu.family_slugs[family_k] END`;

  const withEvents = events === 0 ? sql`` : sql`,
    pool AS (
      SELECT ${POOL_COLUMNS}
      FROM (SELECT id, created_at, last_active_at, identified_at, email IS NULL AS no_email FROM inserted) c
    ),
    added_events AS (
      INSERT INTO events (contact_id, type, occurred_at, data) ${eventRows(t, events)}
      RETURNING 1
    )`;

  return sql<{ count: number; first_id: number | null; last_id: number | null; events: number }>`
    WITH inserted AS (
      INSERT INTO contacts (id, title, firstname, lastname, email, gender, birthday, phone, mobile, business_phone,
        company, position, address1, city, state, zipcode, country, timezone, preferred_locale, website, points,
        custom, anonymous, created_at, updated_at, first_seen_at, last_active_at, identified_at)
      SELECT id, title, firstname, lastname, email, gender, birthday, phone, mobile, business_phone,
        company, position, address1, city, state, zipcode, country, timezone, preferred_locale, website, points,
        custom, email IS NULL, to_timestamp(created), to_timestamp(active), to_timestamp(created), to_timestamp(active),
        CASE WHEN email IS NOT NULL THEN to_timestamp(created + (active - created) * identified_share) END
      FROM (
        SELECT v.*,
          created + (${run.endEpoch}::float8 - created) * power(r_active, 3) AS active,
          CASE WHEN r_identified < 0.6 THEN 0 ELSE (r_identified - 0.6) / 0.4 END AS identified_share,
          CASE WHEN NOT anon THEN ${emailOrNull(run, candidate)} END AS email
        FROM (
          SELECT d.id, d.anon, d.gender, d.title, d.birthday, d.points, d.position, d.created, d.r_active, d.r_identified,
            cu.first_names[first_k] AS firstname,
            CASE WHEN gender = 'female' THEN cu.family_names_female[family_k] ELSE cu.family_names[family_k] END AS lastname,
            CASE pattern
              WHEN 0 THEN cu.first_slugs[first_k] || '.' || ${familySlug}
              WHEN 1 THEN cu.first_slugs[first_k] || ${familySlug}
              WHEN 2 THEN left(cu.first_slugs[first_k], 1) || '.' || ${familySlug}
              WHEN 3 THEN cu.first_slugs[first_k] || '_' || ${familySlug}
              WHEN 4 THEN left(cu.first_slugs[first_k], 1) || ${familySlug}
              ELSE cu.first_slugs[first_k] END AS local_part,
            CASE WHEN work_mail THEN co.domain ELSE ci.mail_domains[mail_k] END AS mail_domain,
            to_char(phone_number, ci.phone_format) AS phone,
            to_char(mobile_number, ci.mobile_formats[mobile_k]) AS mobile,
            to_char(business_number, ci.phone_format) AS business_phone,
            co.name AS company,
            CASE address_format
              WHEN 1 THEN house || ' ' || ci.streets[street_k] WHEN 2 THEN ci.streets[street_k] || ' ' || house
              WHEN 3 THEN ci.streets[street_k] || ', ' || house ELSE house || ', ' || ci.streets[street_k] END AS address1,
            ci.name AS city, ci.state, ci.country, ci.timezone, ci.locale AS preferred_locale,
            ci.zips[zip_k] AS zipcode,
            CASE WHEN has_website THEN 'https://www.' || co.domain END AS website,
            CASE WHEN lifetime_value IS NULL THEN custom_base
              ELSE custom_base || jsonb_build_object('lifetime_value', lifetime_value) END AS custom
          FROM (${chunkRows(run, size)}) d
          JOIN ${lookup('ci', {
            name: t.city.name, state: t.city.state, country: t.city.country, timezone: t.city.timezone, locale: t.city.locale,
            phone_format: t.city.phoneFormat, mobile_formats: t.city.mobileFormats, zips: t.city.zips, streets: t.city.streets,
            mail_domains: t.city.mailDomains,
          }, ['mobile_formats', 'zips', 'streets', 'mail_domains'])} ON ci.i = d.city_index
          LEFT JOIN ${lookup('cu', {
            first_names: t.culture.firstNames, first_slugs: t.culture.firstSlugs, family_names: t.culture.familyNames,
            family_names_female: t.culture.familyNamesFemale, family_slugs: t.culture.familySlugs,
            family_slugs_female: t.culture.familySlugsFemale,
          }, ['first_names', 'first_slugs', 'family_names', 'family_names_female', 'family_slugs', 'family_slugs_female'])} ON cu.i = d.culture
          LEFT JOIN ${lookup('co', { name: t.company.name, domain: t.company.domain })} ON co.i = d.company_index
        ) v
        OFFSET 0
      ) e
      RETURNING id, created_at, last_active_at, identified_at, email
    )${withEvents}
    SELECT count(*) AS count, min(id) AS first_id, max(id) AS last_id,
      ${events === 0 ? sql`0` : sql`(SELECT count(*) FROM added_events)`} AS events
    FROM inserted
  `;
}

/**
 * `d` of contactChunkQuery: `a` takes an id from the identity sequence and draws every random
 * value once per row (a subquery with volatile functions is never flattened, and OFFSET 0
 * keeps it apart); `b` and the outer level turn them into list positions, numbers and flags
 * with integer arithmetic. Creation times grow with the id, as in a real database, also when
 * several chunks draw ids at once.
 */
function chunkRows(run: ContactRun, size: number): RawBuilder<unknown> {
  const t = run.tables;
  const step = (run.endEpoch - run.startEpoch) / run.total;
  const custom = customBases(run);
  const number = (low: number[], span: number[], draw: string, share: string) =>
    sql`(${floats(low)}[city_index] + floor(${sql.raw(draw)} / ${sql.raw(share)} * ${floats(span)}[city_index]))::bigint`;
  const lifetimeValue = run.fields.use.has('lifetime_value')
    ? sql`CASE WHEN NOT anon AND r_ltv < 0.45 THEN trim_scale(round((power(r_ltv / 0.45, 2) * 25000)::numeric, 2)) END`
    : sql`NULL::numeric`;
  return sql`
    SELECT id, anon, city_index, culture, gender, company_index, r_active, r_identified,
      least(${run.startEpoch}::float8 + (id - ${run.firstId}::bigint + r_created) * ${step}::float8, ${run.endEpoch}::float8) AS created,
      CASE WHEN r_mail < 0.35 THEN 0 WHEN r_mail < 0.50 THEN 1 WHEN r_mail < 0.65 THEN 2
        WHEN r_mail < 0.75 THEN 3 WHEN r_mail < 0.90 THEN 4 ELSE 5 END AS pattern,
      CASE gender
        WHEN 'male' THEN 1 + floor(r_first * ${ints(t.culture.maleCount)}[culture])::int
        WHEN 'female' THEN 1 + ${ints(t.culture.maleCount)}[culture] + floor(r_first * ${ints(t.culture.femaleCount)}[culture])::int
        ELSE 1 + floor(r_first * (${ints(t.culture.maleCount)}[culture] + ${ints(t.culture.femaleCount)}[culture]))::int
      END AS first_k,
      1 + floor(r_family * ${ints(t.culture.familyCount)}[culture])::int AS family_k,
      company_index IS NOT NULL AND r_domain < 0.6 AS work_mail,
      1 + floor(r_free * ${ints(t.city.mailCount)}[city_index])::int AS mail_k,
      CASE WHEN anon THEN NULL
        WHEN r_title < 0.04 THEN 'Dr'
        WHEN r_title < 0.30 AND gender = 'male' THEN 'Mr'
        WHEN r_title < 0.20 AND gender = 'female' THEN 'Ms'
        WHEN r_title < 0.30 AND gender = 'female' THEN 'Mrs' END AS title,
      CASE WHEN NOT anon AND r_birth < 0.7
        THEN ${run.birthdayLatest}::date - floor(r_birth / 0.7 * ${run.birthdaySpanDays}::int)::int END AS birthday,
      CASE WHEN NOT anon AND r_phone < 0.45 THEN ${number(t.city.phoneLow, t.city.phoneSpan, 'r_phone', '0.45')} END AS phone_number,
      CASE WHEN NOT anon AND r_mobile < 0.6 THEN ${number(t.city.mobileLow, t.city.mobileSpan, 'r_mobile', '0.6')} END AS mobile_number,
      1 + floor(r_mobile_kind * ${ints(t.city.mobileCount)}[city_index])::int AS mobile_k,
      CASE WHEN company_index IS NOT NULL AND r_business < 0.5 THEN ${number(t.city.phoneLow, t.city.phoneSpan, 'r_business', '0.5')} END AS business_number,
      CASE WHEN company_index IS NOT NULL THEN ${text(t.jobTitles)}[1 + floor(r_job * ${t.jobTitles.length}::int)::int] END AS position,
      CASE WHEN NOT anon AND r_street < 0.6 THEN 1 + floor(r_street / 0.6 * ${ints(t.city.streetCount)}[city_index])::int END AS street_k,
      (1 + floor(power(r_house, 2) * 180))::int::text AS house,
      ${ints(t.city.addressFormat)}[city_index] AS address_format,
      CASE WHEN NOT anon AND r_zip < 0.85 THEN 1 + floor(r_zip / 0.85 * ${t.zipsPerCity}::int)::int END AS zip_k,
      company_index IS NOT NULL AND r_web < 0.15 AS has_website,
      CASE WHEN anon THEN floor(power(r_points, 3) * 21) ELSE floor(power(r_points, 2) * 201) END::int AS points,
      CASE WHEN anon THEN ${custom.anonymous}::jsonb
        ELSE (${custom.identified}::jsonb[])[1 + coalesce(${ints(t.company.industry)}[company_index], 0) * 2 + (r_news < 0.35)::int]
      END AS custom_base,
      ${lifetimeValue} AS lifetime_value
    FROM (
      SELECT a.*,
        CASE WHEN anon THEN NULL
          WHEN r_culture < 0.8 THEN ${ints(t.city.culture)}[city_index]
          ELSE 1 + floor((r_culture - 0.8) * 5 * ${CULTURES.length}::int)::int END AS culture,
        CASE WHEN anon THEN NULL WHEN r_gender < 0.49 THEN 'male' WHEN r_gender < 0.98 THEN 'female' ELSE 'other' END AS gender,
        CASE WHEN NOT anon AND r_company < 0.75 THEN 1 + floor(r_company / 0.75 * ${t.company.name.length}::int)::int END AS company_index
      FROM (
        SELECT nextval(${run.sequence}::oid::regclass) AS id, ${ints(t.citySlots)}[1 + floor(random() * ${t.citySlots.length}::int)::int] AS city_index,
          random() < ${run.anonymousShare}::float8 AS anon,
          random() AS r_created, random() AS r_active, random() AS r_identified, random() AS r_culture,
          random() AS r_gender, random() AS r_first, random() AS r_family, random() AS r_company,
          random() AS r_mail, random() AS r_domain, random() AS r_free, random() AS r_title,
          random() AS r_birth, random() AS r_phone, random() AS r_mobile, random() AS r_mobile_kind,
          random() AS r_business, random() AS r_job, random() AS r_street, random() AS r_house,
          random() AS r_zip, random() AS r_web, random() AS r_points, random() AS r_news, random() AS r_ltv
        FROM generate_series(1, ${size}::int)
        OFFSET 0
      ) a
    ) b
    OFFSET 0`;
}

/**
 * Existing emails that end in a number the sequence has not handed out yet: the only ones a
 * generated email (name, then the new contact's id) can equal. Usually none.
 */
export async function takenEmails(db: Db, sequence: number): Promise<string[]> {
  // String functions rather than a regular expression: this reads every email there is.
  const result = await sql<{ email: string }>`
    SELECT email FROM (
      SELECT email_normalized AS email, local, length(local) - length(rtrim(local, '0123456789')) AS digits
      FROM (SELECT email_normalized, split_part(email_normalized, '@', 1) AS local FROM contacts WHERE email_normalized IS NOT NULL) e
    ) d, (SELECT coalesce(pg_sequence_last_value(${sequence}::oid::regclass), 0) AS last) s
    WHERE digits BETWEEN length(last::text) AND 18 AND right(local, digits)::bigint >= last
  `.execute(db);
  return result.rows.map((r) => r.email);
}

/** The id the identity sequence hands out next. */
export async function nextContactId(db: Db, sequence: number): Promise<number> {
  const result = await sql<{ next: number }>`SELECT coalesce(pg_sequence_last_value(${sequence}::oid::regclass), 0) + 1 AS next`.execute(db);
  return Number(result.rows[0].next);
}

/** The identity sequence behind contacts.id, by OID (a name would be looked up on every row). */
export async function contactSequence(db: Db): Promise<number> {
  const result = await sql<{ oid: number }>`SELECT pg_get_serial_sequence('contacts', 'id')::regclass::oid AS oid`.execute(db);
  return Number(result.rows[0].oid);
}
