import type { Selectable } from 'kysely';
import { Type, type Static } from 'typebox';
import type { FormsTable } from '../db/schema.js';
import { Nullable, OneOf, PageQuery, Timestamp } from '../http/schemas.js';

/** Limits of form definitions and submissions, shared with the UI. */
export const FORM_LIMITS = {
  fields: 100,
  options: 1000,
  /** Longest value a visitor may submit for one field. */
  value: 5000,
  /** Largest submission body. */
  body: 64 * 1024,
  text: 5000,
  url: 2048,
} as const;

export const FORM_FIELD_TYPES = ['text', 'textarea', 'email', 'phone', 'number', 'select', 'checkbox', 'hidden', 'date'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];
export const FIELD_NAME_PATTERN = '^[a-z][a-z0-9_]*$';

export type FormRow = Selectable<FormsTable>;
export type FormField = FormRow['fields'][number];

const Option = Type.Object({
  value: Type.String({ minLength: 1, maxLength: 255 }),
  label: Type.String({ minLength: 1, maxLength: 255 }),
}, { additionalProperties: false });

const FormFieldInput = Type.Object({
  name: Type.String({ pattern: FIELD_NAME_PATTERN, maxLength: 64, description: 'Key of the value: mauticform[<name>] in an HTML form, <name> in JSON' }),
  label: Type.String({ minLength: 1, maxLength: 255 }),
  type: OneOf(FORM_FIELD_TYPES, { description: 'checkbox: one box without options, a group of boxes with them' }),
  required: Type.Optional(Type.Boolean({ default: false })),
  options: Type.Optional(Type.Array(Type.Union([Option, Type.String({ minLength: 1, maxLength: 255 })]), {
    maxItems: FORM_LIMITS.options, description: 'Choices of a select or a checkbox group: {value, label}, or a plain string used as both',
  })),
  maps_to: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'Alias of the contact field the value is written to; null keeps it on the submission only' }))),
}, { additionalProperties: false });
export type FormFieldInput = Static<typeof FormFieldInput>;

const definition = {
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.String({ maxLength: FORM_LIMITS.text }),
  fields: Type.Array(FormFieldInput, { maxItems: FORM_LIMITS.fields, description: `Up to ${FORM_LIMITS.fields} fields, in display order` }),
  success_message: Type.String({ maxLength: FORM_LIMITS.text, description: 'Shown (or answered) after a submission' }),
  redirect_url: Nullable(Type.String({ maxLength: FORM_LIMITS.url, description: 'http or https address a browser goes to after a submission' })),
  published: Type.Boolean({ description: 'Unpublished forms refuse submissions' }),
};

export const FormCreateBody = Type.Object({
  ...Type.Partial(Type.Object(definition)).properties,
  name: definition.name,
}, { additionalProperties: false });
export type FormCreateBody = Static<typeof FormCreateBody>;

export const FormUpdateBody = Type.Partial(Type.Object(definition), { additionalProperties: false });
export type FormUpdateBody = Static<typeof FormUpdateBody>;

const FormFieldJson = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: Type.String(),
  required: Type.Boolean(),
  options: Type.Array(Option),
  maps_to: Nullable(Type.String()),
});

export const FormJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  fields: Type.Array(FormFieldJson),
  success_message: Type.String(),
  redirect_url: Nullable(Type.String()),
  published: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const FormList = Type.Object({ forms: Type.Array(FormJson), total: Type.Integer() });
export const FormEmbed = Type.Object({ html: Type.String({ description: 'A self-contained HTML form posting to /form/submit; paste it into a page' }) });

export const SubmissionJson = Type.Object({
  id: Type.Integer({ description: 'Id of the form.submitted event' }),
  contact_id: Type.Integer(),
  submitted_at: Timestamp,
  values: Type.Record(Type.String(), Type.Unknown()),
  page_url: Nullable(Type.String()),
  referrer: Nullable(Type.String()),
});
export const SubmissionList = Type.Object({ submissions: Type.Array(SubmissionJson), total: Type.Integer() });
export const SubmissionQuery = PageQuery;

export const SubmitQuery = Type.Object({
  formId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The form; else mauticform[formId] in the body' })),
  ajax: Type.Optional(Type.String({ maxLength: 10, description: '1: answer JSON instead of redirecting' })),
  page_url: Type.Optional(Type.String({ maxLength: 8192, description: 'The page the form was on (default: the Referer header)' })),
  referrer: Type.Optional(Type.String({ maxLength: 8192, description: 'Where the visitor came to that page from' })),
  mautic_device_id: Type.Optional(Type.String({ maxLength: 64, description: 'Apps: the device id /mtc/event answered (browsers send the cookie)' })),
});
export type SubmitQuery = Static<typeof SubmitQuery>;
