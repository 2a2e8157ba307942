/**
 * The contact list: a page of the contacts a search matches, with the total.
 *
 * On millions of contacts PostgreSQL's estimates for text patterns are often far off, and a
 * wrong guess is costly either way: reading a broad match (`email:*@gmail.com`, a sixth of
 * everyone) through its index and sorting it takes seconds, walking the sort order for a
 * narrow one (`xyzzy`) reads the whole table. So the list first looks at the newest contacts
 * in the page's order (when an index gives that order): a broad search fills its page from
 * there, and what share of that window matched estimates its total (counted exactly when that
 * is under EXACT_TOTAL_UP_TO and takes under countBudgetMs). A search that finds too little
 * there is taken as matching few: its matches (up to EXACT_TOTAL_UP_TO of them) are found,
 * counted and sorted in one query; when more match, the planner chooses.
 */
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import type { FieldSet } from '../fields/registry.js';
import * as repo from './repo.js';
import { EXACT_TOTAL_UP_TO, matchingContactsQuery, searchCondition, type MatchingContacts } from './search.js';
import { parseSort } from './sort.js';

export interface ListOptions {
  readonly offset: number;
  readonly limit: number;
  readonly sort?: string;
  /** Mautic search syntax, see search.ts. */
  readonly search?: string;
  /** The signed-in user, for `is:mine`. */
  readonly userId?: number | null;
}

export interface ListTuning {
  /** Newest contacts (in the page's order) looked at first. */
  readonly window: number;
  /** Totals are exact up to this; beyond, an estimate. */
  readonly exactUpTo: number;
  /** How long a search the window suits may spend counting its matches exactly. */
  readonly countBudgetMs: number;
}

export interface ContactPage {
  readonly rows: ContactRow[];
  readonly total: number;
  readonly totalExact: boolean;
}

const DEFAULT_TUNING: ListTuning = { window: 10_000, exactUpTo: EXACT_TOTAL_UP_TO, countBudgetMs: 50 };

/** Orders an index gives: a first key with one, then the id in the same direction. */
function indexedOrder(sort: readonly repo.SortKey[]): boolean {
  const [first, second] = sort;
  if (first.column === 'id') return sort.length === 1;
  if (sort.length !== 2 || second.column !== 'id' || second.descending !== first.descending) return false;
  return first.column === 'created_at' || (first.column === 'last_active_at' && first.descending);
}

export async function listContacts(db: Db, fields: FieldSet, options: ListOptions, tuning: ListTuning = DEFAULT_TUNING): Promise<ContactPage> {
  const sort = parseSort(fields, options.sort);
  const matchingOptions = { search: options.search, userId: options.userId };
  const condition = searchCondition(fields, matchingOptions);
  const wanted = options.offset + options.limit;
  if (condition && indexedOrder(sort) && wanted <= tuning.window) {
    const probe = await repo.probeContacts(db, condition, sort, tuning.window, wanted);
    if (probe.window > 0 && probe.window < tuning.window) {
      // The window held every contact: what it found is all there is.
      return { rows: probe.rows.slice(options.offset), total: probe.matched, totalExact: true };
    }
    if (probe.matched >= wanted) {
      const rows = probe.rows.slice(options.offset);
      const all = await repo.estimateAllContacts(db);
      const extrapolated = all === null ? null : Math.round((probe.matched / tuning.window) * all);
      const estimate = { rows, total: Math.max(extrapolated ?? 0, probe.matched), totalExact: false };
      if (extrapolated !== null && extrapolated > tuning.exactUpTo) return estimate;
      // Few enough to count, unless nothing but a scan of every contact can count them.
      const counted = await repo.countContactsWithin(db, (trx) => matchingContactsQuery(trx, fields, matchingOptions), tuning.exactUpTo, tuning.countBudgetMs);
      if (counted === null) return estimate;
      if (counted <= tuning.exactUpTo) return { rows, total: counted, totalExact: true };
      return { ...estimate, total: Math.max(estimate.total, counted) };
    }
  }
  const matching = matchingContactsQuery(db, fields, matchingOptions);
  const few = await repo.listFewContacts(db, matching, sort, options.offset, options.limit, tuning.exactUpTo);
  const counted = few.matched ?? await repo.countContactsUpTo(db, matching, tuning.exactUpTo);
  if (counted <= tuning.exactUpTo) return { rows: few.rows, total: counted, totalExact: true };
  const [rows, estimate] = await Promise.all([
    repo.listContacts(matching, sort, options.offset, options.limit),
    repo.estimateContacts(db, matching),
  ]);
  return { rows, total: Math.max(estimate, counted), totalExact: false };
}
