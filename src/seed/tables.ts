import { countryName } from '../fields/countries.js';
import { normaliseValue } from '../fields/values.js';
import { buildCompanies, INDUSTRIES, JOB_TITLES } from './companies.js';
import { asciiSlug, CULTURES, femaleFamilyName, NAMES, type Culture } from './names.js';
import { COUNTRIES, FREE_MAIL, STREETS, type AddressFormat, type City, type Country } from './places.js';
import { createRandom, type Random } from './random.js';
import { DEMO_SITE, EMAILS, FORMS, PAGES, REFERRERS } from './web.js';

/**
 * The lists as arrays that travel to PostgreSQL as query parameters. Reading element n of a
 * text array walks n elements, so long text lists become small lookup relations instead: one
 * row per culture or city (joined by number), whose short lists are joined into one string
 * with SEPARATOR. Numbers stay in int/float arrays, which PostgreSQL indexes directly.
 */
export interface SeedTables {
  /** Per culture (CULTURES order): male names then female names; family names, women's forms. */
  readonly culture: {
    readonly firstNames: string[];
    readonly firstSlugs: string[];
    readonly familyNames: string[];
    readonly familyNamesFemale: string[];
    readonly familySlugs: string[];
    readonly familySlugsFemale: string[];
    readonly maleCount: number[];
    readonly femaleCount: number[];
    readonly familyCount: number[];
  };
  /** City indexes, each repeated by the city's weight: a uniform pick is a weighted pick. */
  readonly citySlots: number[];
  readonly city: {
    readonly name: string[];
    readonly state: (string | null)[];
    readonly country: string[];
    readonly timezone: string[];
    readonly locale: string[];
    /** Landline and mobile numbers: to_char() formats of numbers from low to low + span. */
    readonly phoneFormat: string[];
    readonly mobileFormats: string[];
    readonly zips: string[];
    readonly streets: string[];
    readonly mailDomains: string[];
    readonly culture: number[];
    /** An index into ADDRESS_FORMATS plus one. */
    readonly addressFormat: number[];
    readonly phoneLow: number[];
    readonly phoneSpan: number[];
    readonly mobileLow: number[];
    readonly mobileSpan: number[];
    readonly mobileCount: number[];
    readonly streetCount: number[];
    readonly mailCount: number[];
  };
  readonly zipsPerCity: number;
  readonly company: {
    readonly name: string[];
    readonly domain: string[];
    /** 1-based index into INDUSTRIES. */
    readonly industry: number[];
  };
  readonly jobTitles: string[];

  readonly pageUrl: string[];
  readonly pageTitle: string[];
  readonly referrers: (string | null)[];
  readonly formId: number[];
  readonly formName: string[];
  readonly formUrl: string[];
  readonly emailId: number[];
  readonly emailSubject: string[];
}

/** Joins the short lists of one lookup row; no list entry contains it. */
export const SEPARATOR = '|';

export const ADDRESS_FORMATS: readonly AddressFormat[] = ['number street', 'street number', 'street, number', 'number, street'];
const ZIPS_PER_CITY = 30;
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A phone template ("+49 30 ########") as a to_char() format and its number range (no leading 0). */
export function phoneFormat(template: string): { format: string; low: number; span: number } {
  const digits = (template.match(/#/g) ?? []).length;
  if (digits < 4 || digits > 12) throw new Error(`Phone template "${template}" needs 4 to 12 digits`);
  const format = 'FM' + template.split(/(#+)/).filter(Boolean)
    .map((part) => (part.startsWith('#') ? '0'.repeat(part.length) : `"${part}"`)).join('');
  return { format, low: 10 ** (digits - 1), span: 9 * 10 ** (digits - 1) };
}

function fillTemplate(template: string, random: Random): string {
  return random.pick(template.split('|'))
    .replace(/#/g, () => String(random.int(10)))
    .replace(/@/g, () => LETTERS[random.int(LETTERS.length)]);
}

/** The stored form of a value, as the API would store it; a list entry it refuses is a bug here. */
function normalised(type: 'timezone' | 'locale' | 'phone', value: string): string | undefined {
  const result = normaliseValue({ type, options: [] }, value);
  return result.ok ? (result.value as string) : undefined;
}

function cityValues(country: Country, city: City) {
  const name = countryName(country.code);
  const timezone = city.timezone.map((zone) => normalised('timezone', zone)).find((zone) => zone !== undefined);
  const locale = normalised('locale', `${city.language}_${country.code}`);
  if (!name || !timezone || !locale) throw new Error(`Seed data for ${city.name} has an invalid country, time zone or locale`);
  const withArea = (template: string) => template.replace('{area}', city.area ?? '');
  const mobiles = (city.mobile ?? country.mobile).split('|').map(withArea);
  for (const template of [withArea(city.phone), ...mobiles]) {
    if (normalised('phone', template.replace(/#/g, '5')) === undefined) throw new Error(`Bad phone template "${template}"`);
  }
  return { name, timezone, locale, phone: phoneFormat(withArea(city.phone)), mobiles: mobiles.map(phoneFormat) };
}

function joined(items: readonly string[]): string {
  if (items.some((item) => item.includes(SEPARATOR))) throw new Error(`A seed list entry contains "${SEPARATOR}"`);
  return items.join(SEPARATOR);
}

function cultureTables(): SeedTables['culture'] {
  const t: SeedTables['culture'] = {
    firstNames: [], firstSlugs: [], familyNames: [], familyNamesFemale: [], familySlugs: [], familySlugsFemale: [],
    maleCount: [], femaleCount: [], familyCount: [],
  };
  for (const culture of CULTURES) {
    const names = NAMES[culture];
    const first = [...names.male, ...names.female];
    const female = names.family.map((name) => femaleFamilyName(culture, name));
    t.firstNames.push(joined(first));
    t.firstSlugs.push(joined(first.map(asciiSlug)));
    t.familyNames.push(joined(names.family));
    t.familyNamesFemale.push(joined(female));
    t.familySlugs.push(joined(names.family.map(asciiSlug)));
    t.familySlugsFemale.push(joined(female.map(asciiSlug)));
    t.maleCount.push(names.male.length);
    t.femaleCount.push(names.female.length);
    t.familyCount.push(names.family.length);
  }
  return t;
}

function cityTables(): { citySlots: number[]; city: SeedTables['city'] } {
  const citySlots: number[] = [];
  const t: SeedTables['city'] = {
    name: [], state: [], country: [], timezone: [], locale: [], phoneFormat: [], mobileFormats: [], zips: [],
    streets: [], mailDomains: [], culture: [], addressFormat: [], phoneLow: [], phoneSpan: [], mobileLow: [],
    mobileSpan: [], mobileCount: [], streetCount: [], mailCount: [],
  };
  const random = createRandom(1_000_003);
  for (const country of COUNTRIES) {
    for (const city of country.cities) {
      const values = cityValues(country, city);
      const culture = city.culture as Culture;
      for (let i = 0; i < city.weight; i++) citySlots.push(t.name.length + 1);
      t.name.push(city.name);
      t.state.push(city.state);
      t.country.push(values.name);
      t.timezone.push(values.timezone);
      t.locale.push(values.locale);
      t.phoneFormat.push(values.phone.format);
      t.phoneLow.push(values.phone.low);
      t.phoneSpan.push(values.phone.span);
      if (new Set(values.mobiles.map((m) => m.low)).size !== 1) throw new Error(`Mobile templates of ${city.name} differ in length`);
      t.mobileFormats.push(joined(values.mobiles.map((m) => m.format)));
      t.mobileLow.push(values.mobiles[0].low);
      t.mobileSpan.push(values.mobiles[0].span);
      t.mobileCount.push(values.mobiles.length);
      t.zips.push(joined(Array.from({ length: ZIPS_PER_CITY }, () => fillTemplate(city.zip, random))));
      t.streets.push(joined(STREETS[culture].streets));
      t.streetCount.push(STREETS[culture].streets.length);
      t.addressFormat.push(ADDRESS_FORMATS.indexOf(STREETS[culture].format) + 1);
      t.mailDomains.push(joined(FREE_MAIL[culture]));
      t.mailCount.push(FREE_MAIL[culture].length);
      t.culture.push(CULTURES.indexOf(culture) + 1);
    }
  }
  return { citySlots, city: t };
}

function build(): SeedTables {
  const companies = buildCompanies();
  return {
    culture: cultureTables(),
    ...cityTables(),
    zipsPerCity: ZIPS_PER_CITY,
    company: {
      name: companies.map((c) => c.name),
      domain: companies.map((c) => c.domain),
      industry: companies.map((c) => INDUSTRIES.findIndex((i) => i.value === c.industry) + 1),
    },
    jobTitles: [...JOB_TITLES],
    pageUrl: PAGES.map((page) => `${DEMO_SITE}${page.path}`),
    pageTitle: PAGES.map((page) => page.title),
    referrers: [...REFERRERS],
    formId: FORMS.map((form) => form.id),
    formName: FORMS.map((form) => form.name),
    formUrl: FORMS.map((form) => `${DEMO_SITE}${form.path}`),
    emailId: EMAILS.map((email) => email.id),
    emailSubject: EMAILS.map((email) => email.subject),
  };
}

let cached: SeedTables | undefined;

export function seedTables(): SeedTables {
  cached ??= build();
  return cached;
}
