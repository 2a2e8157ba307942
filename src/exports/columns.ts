import { errors } from '../errors.js';
import type { ExportRow } from './repo.js';
import type { FieldDef, FieldSet } from '../fields/registry.js';
import type { FieldType } from '../fields/values.js';

/** Columns that are not contact fields: what else an export can carry besides `id`. */
export const EXTRA_COLUMNS = ['tags', 'ownerusername', 'status_name'] as const;
export type ExtraColumn = (typeof EXTRA_COLUMNS)[number];

export type Column =
  | { readonly kind: 'id'; readonly name: 'id' }
  | { readonly kind: 'field'; readonly name: string; readonly field: FieldDef }
  | { readonly kind: 'extra'; readonly name: ExtraColumn };

/** How a cell's value reads in a file: text, or typed for a spreadsheet. */
export type CellType = 'text' | 'number' | 'boolean' | 'date' | 'datetime';

/**
 * Types whose values a visitor can type freely (forms, tracking): their text cells are guarded
 * against formula injection. The others are validated into shapes that cannot hold a formula
 * (phone numbers, numbers, dates, option values, ids).
 */
const FREE_TEXT: ReadonlySet<FieldType> = new Set(['text', 'textarea', 'email', 'url', 'lookup', 'region']);

export function cellType(column: Column): CellType {
  if (column.kind === 'id') return 'number';
  if (column.kind === 'extra') return 'text';
  switch (column.field.type) {
    case 'number':
    case 'reference':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'text';
  }
}

export function isFreeText(column: Column): boolean {
  return column.kind === 'extra' ? column.name === 'tags' : column.kind === 'field' && FREE_TEXT.has(column.field.type);
}

/**
 * `id`, then the fields asked for in that order, or else every published field in field order
 * followed by the extra columns. An unknown name is a 400 naming it.
 */
export function exportColumns(fields: FieldSet, names: readonly string[] | undefined): Column[] {
  const columns: Column[] = [{ kind: 'id', name: 'id' }];
  if (!names || names.length === 0) {
    for (const field of fields.all) if (field.published) columns.push({ kind: 'field', name: field.alias, field });
    for (const name of EXTRA_COLUMNS) columns.push({ kind: 'extra', name });
    return columns;
  }
  const seen = new Set<string>(['id']);
  const unknown: string[] = [];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const field = fields.byAlias.get(name);
    if (field) columns.push({ kind: 'field', name, field });
    else if ((EXTRA_COLUMNS as readonly string[]).includes(name)) columns.push({ kind: 'extra', name: name as ExtraColumn });
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw errors.validation({ fields: `unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 20).map((n) => `"${n}"`).join(', ')}` });
  }
  return columns;
}

/** Names of users and statuses, read once per export (both tables are small). */
export interface Lookups {
  readonly usernames: ReadonlyMap<number, string>;
  readonly statusNames: ReadonlyMap<number, string>;
}

/** What is read for a batch of rows besides the rows: kept apart so that rows keep their shape. */
export interface Batch {
  readonly rows: readonly ExportRow[];
  /** Tag names, `|`-separated, by contact id. */
  readonly tags: ReadonlyMap<number, string>;
}

/** A column ready to write: its header, how to read its value from a row, and how to write it. */
export interface OutputColumn {
  readonly name: string;
  readonly type: CellType;
  /** Guard text against formula injection (CSV). */
  readonly freeText: boolean;
  read(row: ExportRow, batch: Batch): unknown;
}

function reader(column: Column, lookups: Lookups): (row: ExportRow, batch: Batch) => unknown {
  if (column.kind === 'id') return (row) => row.id;
  if (column.kind === 'extra') {
    switch (column.name) {
      case 'tags': return (row, batch) => batch.tags.get(row.id) ?? null;
      case 'ownerusername': return (row) => lookups.usernames.get(row.owner_id as number) ?? null;
      case 'status_name': return (row) => lookups.statusNames.get(row.status_id as number) ?? null;
    }
  }
  const key = selectionKey(column.field);
  return (row) => row[key] ?? null;
}

export function outputColumns(columns: readonly Column[], lookups: Lookups): OutputColumn[] {
  return columns.map((column) => ({ name: column.name, type: cellType(column), freeText: isFreeText(column), read: reader(column, lookups) }));
}

/**
 * What a query selects for an export: built-in columns by name; each custom field on its own,
 * as text (`->>`), so that no row's whole jsonb is parsed, or as JSON for the list of a multiselect.
 */
export interface Selection {
  readonly key: string;
  readonly column?: string;
  readonly custom?: { readonly alias: string; readonly json: boolean };
}

const selectionKey = (field: FieldDef) => field.column ?? `custom:${field.alias}`;

export function selections(columns: readonly Column[]): Selection[] {
  const chosen = new Map<string, Selection>([['id', { key: 'id', column: 'id' }]]);
  const add = (selection: Selection) => chosen.set(selection.key, selection);
  for (const column of columns) {
    if (column.kind === 'field') {
      const { field } = column;
      add(field.column ? { key: field.column, column: field.column } : { key: selectionKey(field), custom: { alias: field.alias, json: field.type === 'multiselect' } });
    } else if (column.name === 'ownerusername') add({ key: 'owner_id', column: 'owner_id' });
    else if (column.name === 'status_name') add({ key: 'status_id', column: 'status_id' });
  }
  return [...chosen.values()];
}

export const wantsTags = (columns: readonly Column[]) => columns.some((c) => c.kind === 'extra' && c.name === 'tags');

/**
 * A CSV cell as PostgreSQL writes it (repo.csvLines): where its value comes from, how it is
 * turned into text, and whether it is guarded against formula injection.
 */
export interface CsvCell {
  readonly source: 'column' | 'custom' | ExtraColumn;
  /** The contacts column, or the custom field's alias. */
  readonly name: string;
  /**
   * plain: written by the server in a shape that never needs quotes (numbers, booleans, ids,
   * ISO dates and times); date: a date column as YYYY-MM-DD; list: a JSON array joined by `|`.
   */
  readonly format: 'plain' | 'date' | 'text' | 'list';
  readonly guard: boolean;
}

const PLAIN: ReadonlySet<FieldType> = new Set(['number', 'boolean', 'reference', 'date', 'datetime', 'time']);

export function csvCells(columns: readonly Column[]): CsvCell[] {
  return columns.map((column): CsvCell => {
    const guard = isFreeText(column);
    if (column.kind === 'id') return { source: 'column', name: 'id', format: 'plain', guard };
    if (column.kind === 'extra') return { source: column.name, name: column.name, format: 'text', guard };
    const { field } = column;
    const format = PLAIN.has(field.type) ? 'plain' : 'text';
    if (!field.column) return { source: 'custom', name: field.alias, format: field.type === 'multiselect' ? 'list' : format, guard };
    return { source: 'column', name: field.column, format: field.type === 'date' ? 'date' : format, guard };
  });
}
