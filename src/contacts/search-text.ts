/**
 * `contacts.search_text` (migration 0007_search) holds what free text looks through: the
 * columns Mautic's catch-all searches, lowercased, each between newlines (which no search value
 * contains). Its trigram index serves free text and, as a prefilter, every prefix command on
 * these columns.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { asPattern, type TextMatch } from '../search/like.js';

export const SEARCH_TEXT_COLUMNS = [
  'firstname', 'lastname', 'email_normalized', 'company', 'city', 'state', 'zipcode', 'country',
  'facebook', 'twitter', 'linkedin', 'instagram', 'skype', 'foursquare',
] as const;

export type SearchTextColumn = (typeof SEARCH_TEXT_COLUMNS)[number];

const SEARCH_TEXT = sql.ref('contacts.search_text');

/** Free text: the pattern anywhere in one of the columns. */
export function searchTextLike(pattern: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${SEARCH_TEXT} LIKE ${pattern}`;
}

/**
 * A condition implied by `column` meeting `match`, which the trigram index can answer: AND it
 * to the real condition. `spacesAnywhere` lets a space of the value stand for a column break
 * (name: matches "first last").
 */
export function searchTextPrefilter(match: TextMatch, spacesAnywhere = false): RawBuilder<SqlBool> {
  const pattern = asPattern(match);
  return searchTextLike(`%\n${spacesAnywhere ? pattern.replace(/ /g, '_') : pattern}\n%`);
}

export function isSearchTextColumn(column: string): column is SearchTextColumn {
  return (SEARCH_TEXT_COLUMNS as readonly string[]).includes(column);
}
