import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import { compileSearch } from '../search/compile.js';
import { asPattern, textMatch } from '../search/like.js';
import { parseSearch } from '../search/parse.js';
import { registerSearchCommands as registerAllSearchCommands } from '../search/setup.js';
import {
  registerCommandResolver, registerFreeText, registerSearchCommand, registerSearchFlag, type SearchCommand,
} from '../search/registry.js';
import { matchText, withinBounds } from '../search/sql.js';
import { instantBounds } from '../search/values.js';
import { fieldCommand } from './search-fields.js';
import { SEARCH_TEXT_COLUMNS, searchTextLike, searchTextPrefilter } from './search-text.js';

export interface MatchingOptions {
  /** A search in the Mautic syntax (docs/api.md, "Searching"); blank matches every contact. */
  readonly search?: string;
  /** The signed-in user, for `is:mine`. */
  readonly userId?: number | null;
}

export type MatchingContacts = SelectQueryBuilder<Database, 'contacts', {}>;

/**
 * The live contacts (tombstones excluded) a search matches, as a select over `contacts` with
 * nothing selected, no order and no limit: callers add those (a page, a count, a CSV stream).
 * A search with a syntax error throws the 400 naming `search` and the position.
 */
export function matchingContactsQuery(db: Db, fields: FieldSet, options: MatchingOptions = {}): MatchingContacts {
  const condition = searchCondition(fields, options);
  const query = db.selectFrom('contacts').where('contacts.merged_into', 'is', null);
  return condition ? query.where(condition) : query;
}

/** The WHERE condition of a search over `contacts` (any relation named so), null for a blank one. */
export function searchCondition(fields: FieldSet, options: MatchingOptions): Expression<SqlBool> | null {
  // createContext registers them at start-up; a script that builds no context gets them here.
  registerAllSearchCommands();
  const tree = parseSearch(options.search ?? '');
  return tree && compileSearch(tree, { fields, userId: options.userId ?? null });
}

/**
 * Totals are counted exactly up to this many contacts; beyond, counting every match of a
 * broad search on millions of contacts would cost more than the page itself, so the total is
 * an estimate (see list.ts) and says so.
 */
export const EXACT_TOTAL_UP_TO = 10_000;

const freeText: SearchCommand = {
  summary: 'words without a command: anywhere in the name, email, company, city, state, ZIP, country or social profiles',
  match(_eb, { value, strict }) {
    const match = textMatch(value, strict, 'contains');
    if (strict) return searchTextLike(`%\n${asPattern(match)}\n%`);
    if (!value.includes('*')) return searchTextLike(asPattern(match));
    // A wildcard must match within one column, not across two.
    const columns = SEARCH_TEXT_COLUMNS.map((c) => matchText(sql.ref(`contacts.${c}`), match));
    return sql<SqlBool>`(${searchTextLike(asPattern(match))} AND (${sql.join(columns, sql` OR `)}))`;
  },
};

const ids: SearchCommand = {
  summary: 'ids:1,2,3: one of these contact ids',
  match(eb, value) {
    const numbers = value.value.split(',').filter(Boolean).map((id) => {
      if (!/^\d{1,15}$/.test(id)) throw errors.searchSyntax(`"ids:" takes ids separated by commas, not "${id}"`, value.position);
      return Number(id);
    });
    return numbers.length === 0 ? sql<SqlBool>`false` : eb('contacts.id', 'in', numbers);
  },
};

const name: SearchCommand = {
  summary: 'first or last name starts with the value; "first last" matches the full name',
  match(_eb, { value, strict }) {
    const match = textMatch(value, strict, 'prefix');
    const full = sql`contacts.firstname || ' ' || contacts.lastname`;
    const columns = [sql.ref('contacts.firstname'), sql.ref('contacts.lastname'), ...(value.includes(' ') ? [full] : [])].map((c) => matchText(c, match));
    return sql<SqlBool>`(${searchTextPrefilter(match, true)} AND (${sql.join(columns, sql` OR `)}))`;
  },
};

/** A command over one search-text column, prefix by default. */
function columnCommand(column: 'email_normalized' | 'company', summary: string): SearchCommand {
  return {
    summary,
    match(_eb, { value, strict }) {
      const match = textMatch(value, strict, 'prefix');
      // email_normalized is lowercase already: compared as is, its pattern index serves prefixes.
      return sql<SqlBool>`(${searchTextPrefilter(match)} AND ${matchText(sql.ref(`contacts.${column}`), match, column === 'email_normalized')})`;
    },
  };
}

function instantCommand(column: 'created_at' | 'updated_at' | 'first_seen_at' | 'last_active_at' | 'identified_at', what: string): SearchCommand {
  return {
    summary: `${what}: a date or period (UTC), or >, >=, <, <= one, or a range a..b`,
    match: (_eb, value) => withinBounds(sql.ref(`contacts.${column}`), instantBounds(value), 'timestamptz'),
  };
}

/** The contacts domain's search commands; see src/search/setup.ts. */
export function registerSearchCommands(): void {
  registerFreeText(freeText);
  registerSearchCommand('ids', ids);
  registerSearchCommand('name', name);
  registerSearchCommand('email', columnCommand('email_normalized', 'email starts with the value; email:*@acme.com ends with @acme.com'));
  registerSearchCommand('company', columnCommand('company', 'company name starts with the value'));
  registerSearchCommand('created_at', instantCommand('created_at', 'created'));
  registerSearchCommand('updated_at', instantCommand('updated_at', 'last changed'));
  registerSearchCommand('first_seen_at', instantCommand('first_seen_at', 'first seen'));
  registerSearchCommand('last_active_at', instantCommand('last_active_at', 'last active'));
  registerSearchCommand('identified_at', instantCommand('identified_at', 'identified'));
  registerSearchFlag('anonymous', {
    summary: 'no unique identifier (email) yet; !is:anonymous: identified',
    match: (eb) => eb('contacts.anonymous', '=', true),
  });
  registerCommandResolver((command, { fields }) => {
    const field = fields.byAlias.get(command);
    return field && fieldCommand(field);
  });
}
