import type { Static } from 'typebox';
import type { Db } from '../db/database.js';
import type { FieldOption } from '../db/schema.js';
import { isUniqueViolation } from '../db/errors.js';
import { errors, type FieldErrors } from '../errors.js';
import { BUILTIN_FIELDS, RESERVED_ALIASES } from './builtins.js';
import { toFieldDef, type FieldDef, type FieldRegistry } from './registry.js';
import * as repo from './repo.js';
import { ALIAS_MAX, type FieldCreateBody, type FieldUpdateBody } from './schema.js';
import { isBlank, normaliseValue, type FieldType } from './values.js';

type CreateInput = Static<typeof FieldCreateBody>;
type UpdateInput = Static<typeof FieldUpdateBody>;

const WITH_OPTIONS: readonly FieldType[] = ['select', 'multiselect', 'lookup'];
const IDENTIFIER_TYPES: readonly FieldType[] = ['text', 'email', 'phone', 'url', 'number', 'lookup'];

/** Mautic's rule: the label transliterated, lower-cased, spaces to underscores. */
export function aliasFromLabel(label: string): string {
  const base = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[\s-]+/g, '_').replace(/[^a-z0-9_]/g, '').replace(/_+/g, '_').replace(/^_+|_+$/g, '')
    .slice(0, ALIAS_MAX - 4);
  if (!base) return 'field';
  return /^[a-z]/.test(base) ? base : `f_${base}`;
}

function normaliseOptions(input: (FieldOption | string)[] | undefined, errorsOut: FieldErrors): FieldOption[] | undefined {
  if (input === undefined) return undefined;
  const options = input.map((o) => (typeof o === 'string' ? { value: o.trim(), label: o.trim() } : { value: o.value.trim(), label: o.label.trim() }));
  const seen = new Set<string>();
  for (const option of options) {
    if (!option.value || !option.label) errorsOut.options = 'values and labels must not be blank';
    if (seen.has(option.value)) errorsOut.options = `"${option.value}" is listed twice`;
    seen.add(option.value);
  }
  return options;
}

function checkSettings(type: FieldType, alias: string, options: readonly FieldOption[], input: CreateInput | UpdateInput, problems: FieldErrors) {
  if ((type === 'select' || type === 'multiselect') && options.length === 0) problems.options = `a ${type} field needs at least one option`;
  if (!WITH_OPTIONS.includes(type) && options.length > 0) problems.options = `a ${type} field has no options`;
  if (input.unique_identifier && !IDENTIFIER_TYPES.includes(type)) {
    problems.unique_identifier = `a ${type} field cannot identify contacts; use one of ${IDENTIFIER_TYPES.join(', ')}`;
  }
  if (input.default_value !== undefined && !isBlank(input.default_value)) {
    const result = normaliseValue({ type, options }, input.default_value);
    if (!result.ok) problems.default_value = result.message;
    else if (input.unique_identifier) problems.default_value = 'a unique identifier cannot have a default value';
  }
  if (alias === 'points' && input.default_value !== undefined && !Number.isInteger(input.default_value)) {
    problems.default_value = 'must be a whole number';
  }
}

function defaultValue(type: FieldType, options: readonly FieldOption[], value: unknown) {
  if (value === undefined) return undefined;
  if (isBlank(value)) return null;
  const result = normaliseValue({ type, options }, value);
  return result.ok ? JSON.stringify(result.value) : null;
}

export async function listFields(db: Db, registry: FieldRegistry): Promise<readonly FieldDef[]> {
  return (await registry.load(db)).all;
}

export async function getField(db: Db, registry: FieldRegistry, alias: string): Promise<FieldDef> {
  const field = (await registry.load(db)).byAlias.get(alias);
  if (!field) throw errors.notFound(`Field "${alias}"`);
  return field;
}

export async function createField(db: Db, registry: FieldRegistry, input: CreateInput): Promise<FieldDef> {
  const problems: FieldErrors = {};
  const options = normaliseOptions(input.options, problems) ?? [];
  const explicit = input.alias !== undefined;
  let alias = input.alias ?? aliasFromLabel(input.label);
  if (RESERVED_ALIASES.has(alias)) {
    if (explicit) problems.alias = `"${alias}" is reserved for a system field`;
    else alias = `f_${alias}`;
  }
  checkSettings(input.type, alias, options, input, problems);
  if (Object.keys(problems).length > 0) throw errors.validation(problems);

  const existing = new Set((await registry.load(db)).all.map((f) => f.alias));
  if (existing.has(alias)) {
    if (explicit) throw errors.conflict(`A field with alias "${alias}" exists`, { alias: 'is taken' });
    let n = 1;
    while (existing.has(`${alias}${n}`)) n++;
    alias = `${alias}${n}`;
  }
  try {
    const row = await repo.insertField(db, {
      alias,
      label: input.label.trim(),
      type: input.type,
      field_group: input.group ?? 'core',
      position: input.order ?? (await repo.nextFieldPosition(db)),
      default_value: defaultValue(input.type, options, input.default_value) ?? null,
      required: input.required ?? false,
      unique_identifier: input.unique_identifier ?? false,
      publicly_updatable: input.publicly_updatable ?? false,
      quick_add: input.quick_add ?? false,
      published: input.published ?? true,
      options: JSON.stringify(options),
    });
    return toFieldDef(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.conflict(`A field with alias "${alias}" exists`, { alias: 'is taken' });
    throw error;
  } finally {
    registry.invalidate();
  }
}

export async function updateField(db: Db, registry: FieldRegistry, alias: string, input: UpdateInput): Promise<FieldDef> {
  const current = await getField(db, registry, alias);
  const problems: FieldErrors = {};
  if (input.alias !== undefined && input.alias !== current.alias) problems.alias = 'cannot be changed';
  if (input.type !== undefined && input.type !== current.type) problems.type = 'cannot be changed; create a new field instead';
  const options = normaliseOptions(input.options, problems) ?? current.options;
  if (current.type === 'reference') {
    for (const key of ['unique_identifier', 'default_value', 'options', 'publicly_updatable'] as const) {
      if (input[key] !== undefined) problems[key] = `cannot be set on the ${current.alias} field`;
    }
  } else {
    checkSettings(current.type, current.alias, options, { ...input, unique_identifier: input.unique_identifier ?? current.uniqueIdentifier }, problems);
  }
  if (Object.keys(problems).length > 0) throw errors.validation(problems);

  const row = await repo.updateField(db, alias, {
    label: input.label?.trim(),
    field_group: input.group,
    position: input.order,
    default_value: defaultValue(current.type, options, input.default_value),
    required: input.required,
    unique_identifier: input.unique_identifier,
    publicly_updatable: input.publicly_updatable,
    quick_add: input.quick_add,
    published: input.published,
    options: input.options === undefined ? undefined : JSON.stringify(options),
  });
  registry.invalidate();
  if (!row) throw errors.notFound(`Field "${alias}"`);
  return toFieldDef(row);
}

/** Deletes a custom field and, in the same transaction, its value on every contact. */
export async function deleteField(db: Db, registry: FieldRegistry, alias: string): Promise<void> {
  const field = await getField(db, registry, alias);
  if (field.builtin) throw errors.conflict(`"${alias}" is a built-in field; it can be unpublished but not deleted`);
  await db.transaction().execute(async (trx) => {
    await repo.deleteField(trx, alias);
    await repo.removeCustomValues(trx, alias);
  });
  registry.invalidate();
}

/** Puts the built-in fields into the registry; run at start-up, safe to run concurrently. */
export async function ensureBuiltinFields(db: Db): Promise<void> {
  await repo.insertMissingFields(db, BUILTIN_FIELDS.map((field, index) => ({
    alias: field.alias,
    label: field.label,
    type: field.type,
    field_group: field.group,
    position: index + 1,
    default_value: field.defaultValue === undefined ? null : JSON.stringify(field.defaultValue),
    unique_identifier: field.uniqueIdentifier ?? false,
    quick_add: field.quickAdd ?? false,
    options: JSON.stringify(field.options ?? []),
    builtin: true,
  })));
}
