import type { FieldDef } from './registry.js';

export function presentField(field: FieldDef) {
  return {
    id: field.id,
    alias: field.alias,
    label: field.label,
    type: field.type,
    group: field.group,
    order: field.order,
    default_value: field.defaultValue ?? null,
    required: field.required,
    unique_identifier: field.uniqueIdentifier,
    publicly_updatable: field.publiclyUpdatable,
    quick_add: field.quickAdd,
    published: field.published,
    options: [...field.options],
    builtin: field.builtin,
    references: field.references ?? null,
    created_at: field.createdAt.toISOString(),
    updated_at: field.updatedAt.toISOString(),
  };
}
