import { Cached } from '../db/cached.js';
import type { Db } from '../db/database.js';
import type { ContactsTable, FieldOption, FieldRow } from '../db/schema.js';
import { BUILTIN_BY_ALIAS, type FieldGroup } from './builtins.js';
import { listFields } from './repo.js';
import type { FieldType } from './values.js';

/** A field as the rest of the server sees it: its settings plus where its value lives. */
export interface FieldDef {
  readonly id: number;
  readonly alias: string;
  readonly label: string;
  readonly type: FieldType;
  readonly group: FieldGroup;
  readonly order: number;
  readonly defaultValue: unknown;
  readonly required: boolean;
  readonly uniqueIdentifier: boolean;
  readonly publiclyUpdatable: boolean;
  readonly quickAdd: boolean;
  readonly published: boolean;
  readonly options: readonly FieldOption[];
  readonly builtin: boolean;
  /** The contacts column for a built-in field; custom fields live in `contacts.custom`. */
  readonly column: keyof ContactsTable | undefined;
  readonly references: 'users' | 'statuses' | 'stages' | undefined;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface FieldSet {
  readonly all: readonly FieldDef[];
  readonly byAlias: ReadonlyMap<string, FieldDef>;
  readonly uniqueIdentifiers: readonly FieldDef[];
}

export function toFieldDef(row: FieldRow): FieldDef {
  const builtin = row.builtin ? BUILTIN_BY_ALIAS.get(row.alias) : undefined;
  return {
    id: row.id,
    alias: row.alias,
    label: row.label,
    type: row.type as FieldType,
    group: row.field_group as FieldGroup,
    order: row.position,
    defaultValue: row.default_value,
    required: row.required,
    uniqueIdentifier: row.unique_identifier,
    publiclyUpdatable: row.publicly_updatable,
    quickAdd: row.quick_add,
    published: row.published,
    options: row.options,
    builtin: row.builtin,
    column: builtin?.column,
    references: builtin?.references,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

async function loadFieldSet(db: Db): Promise<FieldSet> {
  const all = (await listFields(db)).map(toFieldDef);
  return {
    all,
    byAlias: new Map(all.map((f) => [f.alias, f])),
    uniqueIdentifiers: all.filter((f) => f.uniqueIdentifier && f.published),
  };
}

/** The field registry, read on every contact write, so it is cached (see Cached). */
export class FieldRegistry {
  private readonly cache = new Cached(loadFieldSet);

  load(db: Db): Promise<FieldSet> {
    return this.cache.get(db);
  }

  invalidate(): void {
    this.cache.invalidate();
  }
}
