import type { ContactsTable } from '../db/schema.js';
import { errors, type FieldErrors } from '../errors.js';
import { SYSTEM_FIELDS } from '../fields/builtins.js';
import type { FieldDef, FieldSet } from '../fields/registry.js';
import { isBlank, normaliseValue } from '../fields/values.js';

/** create: defaults fill absent fields; replace (PUT): absent fields are cleared; patch: only what is sent. */
export type WriteMode = 'create' | 'replace' | 'patch';

export type ColumnValues = Partial<Record<keyof ContactsTable, unknown>>;

export interface ContactChanges {
  /** Built-in fields, by column. */
  readonly columns: ColumnValues;
  /** Custom fields, by alias; null removes the value. */
  readonly custom: Record<string, unknown>;
}

const READ_ONLY = new Set<string>(SYSTEM_FIELDS);
const INT32_MAX = 2_147_483_647;

function normalise(field: FieldDef, value: unknown): { value: unknown } | { error: string } {
  if (isBlank(value)) return field.required ? { error: 'is required' } : { value: null };
  if (field.alias === 'stage') return { error: 'cannot be set yet: stages are not available' };
  const result = normaliseValue(field, value);
  if (!result.ok) return { error: result.message };
  if (field.alias === 'points' && (!Number.isInteger(result.value) || Math.abs(result.value as number) > INT32_MAX)) {
    return { error: 'must be a whole number' };
  }
  return { value: result.value };
}

function assign(changes: ContactChanges, field: FieldDef, value: unknown) {
  if (field.column) changes.columns[field.column] = field.alias === 'points' && value === null ? 0 : value;
  else changes.custom[field.alias] = value;
}

/**
 * Validates a contact payload against the field registry and turns it into column and custom
 * values. Every bad field is reported at once.
 */
export function parseContactInput(fields: FieldSet, input: unknown, mode: WriteMode): ContactChanges {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw errors.validation({ body: 'must be a JSON object of field values' });
  }
  const changes: ContactChanges = { columns: {}, custom: {} };
  const problems: FieldErrors = {};
  const given = input as Record<string, unknown>;

  for (const [alias, value] of Object.entries(given)) {
    if (READ_ONLY.has(alias)) continue;
    const field = fields.byAlias.get(alias);
    if (!field) {
      problems[alias] = 'is not a known field';
      continue;
    }
    const result = normalise(field, value);
    if ('error' in result) problems[alias] = result.error;
    else assign(changes, field, result.value);
  }

  if (mode !== 'patch') {
    for (const field of fields.all) {
      if (field.alias in given) continue;
      const fallback = mode === 'create' ? field.defaultValue ?? null : null;
      if (fallback === null && field.required) problems[field.alias] = 'is required';
      else if (fallback !== null || mode === 'replace') assign(changes, field, fallback);
    }
  }

  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  return changes;
}

/** The field a foreign-key violation on contacts is about. */
export function fieldOfConstraint(constraint: string | undefined): string {
  if (constraint?.includes('owner')) return 'owner';
  if (constraint?.includes('status')) return 'status';
  return 'body';
}
