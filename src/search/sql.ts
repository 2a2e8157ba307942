/** SQL for the matches commands share; every value a bound parameter. */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { TextMatch } from './like.js';
import type { Bounds } from './values.js';

/** `lower(text)` against a match (its value already lowercased); `lowercase` when the text is already. */
export function matchText(text: Expression<unknown>, match: TextMatch, lowercase = false): RawBuilder<SqlBool> {
  const subject = lowercase ? sql`${text}` : sql`lower(${text})`;
  return match.kind === 'exact' ? sql<SqlBool>`${subject} = ${match.value}` : sql<SqlBool>`${subject} LIKE ${match.pattern}`;
}

/** A value within bounds; `type` casts the parameters (e.g. 'numeric', 'date', 'timestamptz'). */
export function withinBounds<T>(value: Expression<unknown>, bounds: Bounds<T>, type?: 'numeric' | 'bigint' | 'date' | 'timestamptz' | 'text'): RawBuilder<SqlBool> {
  const param = (v: T) => (type ? sql`${v}::${sql.raw(type)}` : sql`${v}`);
  const parts: RawBuilder<unknown>[] = [];
  if (bounds.lower) parts.push(sql`${value} ${sql.raw(bounds.lower.inclusive ? '>=' : '>')} ${param(bounds.lower.value)}`);
  if (bounds.upper) parts.push(sql`${value} ${sql.raw(bounds.upper.inclusive ? '<=' : '<')} ${param(bounds.upper.value)}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}
