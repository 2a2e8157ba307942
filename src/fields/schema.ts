import { Type } from 'typebox';
import { Nullable, OneOf, Timestamp } from '../http/schemas.js';
import { FIELD_GROUPS } from './builtins.js';
import { FIELD_TYPES } from './values.js';

export const ALIAS_PATTERN = '^[a-z][a-z0-9_]*$';
export const ALIAS_MAX = 64;

const Option = Type.Object({
  value: Type.String({ minLength: 1, maxLength: 255 }),
  label: Type.String({ minLength: 1, maxLength: 255 }),
}, { additionalProperties: false });

const OptionInput = Type.Union([Option, Type.String({ minLength: 1, maxLength: 255 })], {
  description: 'A choice: {value, label}, or a plain string used as both',
});

const settings = {
  label: Type.String({ minLength: 1, maxLength: 255 }),
  group: OneOf(FIELD_GROUPS, { description: 'Tab of the contact form' }),
  order: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Position in lists and forms' }),
  default_value: Type.Unknown({ description: 'Value a new contact gets when none is given; validated like any value' }),
  required: Type.Boolean(),
  unique_identifier: Type.Boolean({ description: 'Contacts are matched and de-duplicated on this field' }),
  publicly_updatable: Type.Boolean({ description: 'Tracking requests (script, pixel, forms) may set it' }),
  quick_add: Type.Boolean({ description: 'Shown in the quick-add form' }),
  published: Type.Boolean({ description: 'Shown in forms and lists, usable in search' }),
  options: Type.Array(OptionInput, { maxItems: 1000, description: 'Choices of a select, multiselect or lookup field' }),
};

const OptionalSettings = Type.Partial(Type.Object(settings));

export const FieldCreateBody = Type.Object({
  alias: Type.Optional(Type.String({ pattern: ALIAS_PATTERN, maxLength: ALIAS_MAX, description: 'Derived from the label when absent; cannot change later' })),
  type: OneOf(FIELD_TYPES),
  ...OptionalSettings.properties,
  label: settings.label,
}, { additionalProperties: false });

export const FieldUpdateBody = Type.Object({
  alias: Type.Optional(Type.String({ description: 'Cannot change; accepted when equal' })),
  type: Type.Optional(Type.String({ description: 'Cannot change; accepted when equal' })),
  ...OptionalSettings.properties,
}, { additionalProperties: false });

export const FieldJson = Type.Object({
  id: Type.Integer(),
  alias: Type.String(),
  label: Type.String(),
  type: Type.String({ description: `One of ${FIELD_TYPES.join(', ')}; built-in links (owner, status, stage) are "reference"` }),
  group: Type.String(),
  order: Type.Integer(),
  default_value: Type.Unknown(),
  required: Type.Boolean(),
  unique_identifier: Type.Boolean(),
  publicly_updatable: Type.Boolean(),
  quick_add: Type.Boolean(),
  published: Type.Boolean(),
  options: Type.Array(Option),
  builtin: Type.Boolean({ description: 'Built-in fields cannot be deleted' }),
  references: Nullable(Type.String({ description: 'For reference fields: what the id points at' })),
  created_at: Timestamp,
  updated_at: Timestamp,
}, {});

export const AliasParams = Type.Object({ alias: Type.String({ pattern: ALIAS_PATTERN, maxLength: ALIAS_MAX }) });
export const FieldList = Type.Object({ fields: Type.Array(FieldJson), total: Type.Integer() });
