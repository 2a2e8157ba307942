import type { Db } from '../db/database.js';
import type { FieldOption } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { FieldDef, FieldRegistry } from '../fields/registry.js';
import { createField } from '../fields/service.js';
import type { CustomFieldType } from '../fields/values.js';
import { INDUSTRIES } from './companies.js';

export interface SeedField {
  readonly alias: 'industry' | 'newsletter' | 'lifetime_value';
  readonly label: string;
  readonly type: CustomFieldType;
  readonly group: 'professional' | 'personal';
  readonly options?: readonly FieldOption[];
}

/** The custom fields seeded contacts get values for; created through the field service if missing. */
export const SEED_FIELDS: readonly SeedField[] = [
  { alias: 'industry', label: 'Industry', type: 'select', group: 'professional', options: INDUSTRIES.map(({ value, label }) => ({ value, label })) },
  { alias: 'newsletter', label: 'Newsletter', type: 'boolean', group: 'personal' },
  { alias: 'lifetime_value', label: 'Lifetime value', type: 'number', group: 'professional' },
];

export interface SeedFieldPlan {
  /** Aliases the seeder fills in. */
  readonly use: ReadonlySet<SeedField['alias']>;
  readonly created: readonly string[];
  /** Fields of the same alias that already exist with another type or other options: left alone. */
  readonly skipped: readonly { alias: string; reason: string }[];
  /** Default values of custom fields, which a contact created through the API would get. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

function incompatibility(wanted: SeedField, existing: FieldDef): string | undefined {
  if (existing.builtin) return 'it is a built-in field';
  if (existing.type !== wanted.type) return `it exists with type ${existing.type}, not ${wanted.type}`;
  const have = new Set(existing.options.map((o) => o.value));
  const missing = (wanted.options ?? []).filter((o) => !have.has(o.value)).map((o) => o.value);
  if (missing.length > 0) return `it lacks the options ${missing.join(', ')}`;
  return undefined;
}

/** Makes sure the seed fields exist; an existing field with the same alias is used only if it fits. */
export async function ensureSeedFields(db: Db, registry: FieldRegistry): Promise<SeedFieldPlan> {
  const use = new Set<SeedField['alias']>();
  const created: string[] = [];
  const skipped: { alias: string; reason: string }[] = [];
  for (const field of SEED_FIELDS) {
    let existing = (await registry.load(db)).byAlias.get(field.alias);
    if (!existing) {
      try {
        existing = await createField(db, registry, { alias: field.alias, label: field.label, type: field.type, group: field.group, options: field.options?.map((o) => ({ ...o })) });
        created.push(field.alias);
      } catch (error) {
        // Another seeder (or an admin) created it a moment ago: judge that one instead.
        if (!(error instanceof AppError && error.code === 'conflict')) throw error;
        registry.invalidate();
        existing = (await registry.load(db)).byAlias.get(field.alias);
        if (!existing) throw error;
      }
    }
    const reason = incompatibility(field, existing);
    if (reason) skipped.push({ alias: field.alias, reason });
    else use.add(field.alias);
  }
  const defaults: Record<string, unknown> = {};
  for (const field of (await registry.load(db)).all) {
    if (!field.builtin && field.defaultValue !== null && field.defaultValue !== undefined) defaults[field.alias] = field.defaultValue;
  }
  return { use, created, skipped, defaults };
}
