/** `<alias>:value` for every published field, built-in or custom, matched by the field's type. */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { FieldDef } from '../fields/registry.js';
import { textMatch } from '../search/like.js';
import type { SearchCommand, SearchValue } from '../search/registry.js';
import { matchText, withinBounds } from '../search/sql.js';
import { booleanValue, dayBounds, isoBounds, numberBounds, timeBounds, wholeBounds } from '../search/values.js';
import { isSearchTextColumn, searchTextPrefilter } from './search-text.js';

/** The field's value as text (`->>` for custom fields, whose alias is a parameter). */
function textOf(field: FieldDef): Expression<unknown> {
  return field.column ? sql.ref(`contacts.${field.column}`) : sql`contacts.custom ->> ${field.alias}`;
}

function textCondition(field: FieldDef, value: SearchValue): Expression<SqlBool> {
  const match = textMatch(value.value, value.strict, 'prefix');
  const condition = matchText(textOf(field), match);
  return field.column && isSearchTextColumn(field.column) ? sql<SqlBool>`(${searchTextPrefilter(match)} AND ${condition})` : condition;
}

function numberCondition(field: FieldDef, value: SearchValue): Expression<SqlBool> {
  const bounds = numberBounds(value);
  // Built-in numbers (points) are integer columns.
  if (field.column) return withinBounds(sql.ref(`contacts.${field.column}`), wholeBounds(bounds), 'bigint');
  const number = sql`CASE WHEN jsonb_typeof(contacts.custom -> ${field.alias}) = 'number' THEN (contacts.custom ->> ${field.alias})::numeric END`;
  return withinBounds(number, bounds, 'numeric');
}

function booleanCondition(field: FieldDef, value: SearchValue): Expression<SqlBool> {
  const wanted = booleanValue(value);
  const json = sql`contacts.custom -> ${field.alias}`;
  // A contact with no value has not said yes: it is among the "no"s.
  return wanted ? sql<SqlBool>`${json} = 'true'::jsonb` : sql<SqlBool>`${json} IS DISTINCT FROM 'true'::jsonb`;
}

function multiselectCondition(field: FieldDef, value: SearchValue): Expression<SqlBool> {
  const match = textMatch(value.value, value.strict, 'prefix');
  const items = sql`CASE WHEN jsonb_typeof(contacts.custom -> ${field.alias}) = 'array' THEN contacts.custom -> ${field.alias} ELSE '[]'::jsonb END`;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${items}) AS item(v) WHERE ${matchText(sql.ref('item.v'), match)})`;
}

function condition(field: FieldDef, value: SearchValue): Expression<SqlBool> {
  switch (field.type) {
    case 'number': return numberCondition(field, value);
    case 'boolean': return booleanCondition(field, value);
    case 'multiselect': return multiselectCondition(field, value);
    // Days and ISO timestamps are stored as text that sorts as they do.
    case 'date': return field.column ? withinBounds(sql.ref(`contacts.${field.column}`), dayBounds(value), 'date') : withinBounds(textOf(field), dayBounds(value));
    case 'datetime': return withinBounds(textOf(field), isoBounds(value));
    case 'time': return withinBounds(textOf(field), timeBounds(value));
    default: return textCondition(field, value);
  }
}

const SUMMARIES: Partial<Record<FieldDef['type'], string>> = {
  number: 'equal to a number, or >n, >=n, <n, <=n, a..b',
  boolean: 'yes or no',
  date: 'within a day, month or year, or a comparison or range of them',
  datetime: 'within a period (UTC), or a comparison or range of them',
  time: 'within an hour, minute or second of the day, or a comparison or range',
  multiselect: 'one of the chosen options starts with the value',
};

/** The command of a field; none for references (owner:, status:, stage: belong to their domains). */
export function fieldCommand(field: FieldDef): SearchCommand | undefined {
  if (field.type === 'reference' || !field.published) return undefined;
  return {
    summary: `${field.label}: ${SUMMARIES[field.type] ?? 'starts with the value (* wildcard, + exact)'}`,
    match: (_eb, value) => condition(field, value),
  };
}
