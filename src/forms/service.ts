import type { Db } from '../db/database.js';
import type { FieldOption } from '../db/schema.js';
import { errors, type FieldErrors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import * as repo from './repo.js';
import type { FormCreateBody, FormField, FormFieldInput, FormRow, FormUpdateBody } from './schema.js';

/** Keys of a submission that are not field values (mauticform[formId], ...). */
export const RESERVED_NAMES = new Set(['formid', 'formname', 'return', 'messenger', 'submit']);
const WITH_OPTIONS = new Set(['select', 'checkbox']);

function nonBlank(value: string, name: string, problems: FieldErrors): string {
  const trimmed = value.trim();
  if (!trimmed) problems[name] = 'must not be blank';
  return trimmed;
}

function redirectUrl(value: string | null, problems: FieldErrors): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  problems.redirect_url = 'must be an http or https address';
  return null;
}

function fieldOptions(input: FormFieldInput, at: string, problems: FieldErrors): FieldOption[] {
  const options = (input.options ?? []).map((o) => (typeof o === 'string' ? { value: o.trim(), label: o.trim() } : { value: o.value.trim(), label: o.label.trim() }));
  const seen = new Set<string>();
  for (const option of options) {
    if (!option.value || !option.label) problems[`${at}.options`] = 'values and labels must not be blank';
    else if (seen.has(option.value)) problems[`${at}.options`] = `"${option.value}" is listed twice`;
    seen.add(option.value);
  }
  if (input.type === 'select' && options.length === 0) problems[`${at}.options`] = 'a select field needs at least one option';
  if (!WITH_OPTIONS.has(input.type) && options.length > 0) problems[`${at}.options`] = `a ${input.type} field has no options`;
  return options;
}

/** Checks a form's fields against each other and the contact field registry; every problem at once. */
function formFields(contactFields: FieldSet, inputs: readonly FormFieldInput[], problems: FieldErrors): FormField[] {
  const names = new Set<string>();
  const mapped = new Set<string>();
  return inputs.map((input, i) => {
    const at = `fields.${i}`;
    if (RESERVED_NAMES.has(input.name)) problems[`${at}.name`] = `"${input.name}" is reserved`;
    else if (names.has(input.name)) problems[`${at}.name`] = `"${input.name}" is used by another field`;
    names.add(input.name);
    const label = nonBlank(input.label, `${at}.label`, problems);
    const options = fieldOptions(input, at, problems);
    const mapsTo = input.maps_to?.trim() || null;
    if (mapsTo) {
      const target = contactFields.byAlias.get(mapsTo);
      if (!target) problems[`${at}.maps_to`] = `"${mapsTo}" is not a contact field`;
      // A visitor must not choose their own owner, status, stage or score.
      else if (target.type === 'reference' || target.alias === 'points') problems[`${at}.maps_to`] = `"${mapsTo}" cannot be filled from a form`;
      else if (mapped.has(mapsTo)) problems[`${at}.maps_to`] = `"${mapsTo}" is mapped by another field`;
      mapped.add(mapsTo);
    }
    return { name: input.name, label, type: input.type, required: input.required ?? false, options, maps_to: mapsTo };
  });
}

function definition(contactFields: FieldSet, input: FormUpdateBody) {
  const problems: FieldErrors = {};
  const values = {
    name: input.name === undefined ? undefined : nonBlank(input.name, 'name', problems),
    description: input.description?.trim(),
    fields: input.fields === undefined ? undefined : JSON.stringify(formFields(contactFields, input.fields, problems)),
    success_message: input.success_message?.trim(),
    redirect_url: input.redirect_url === undefined ? undefined : redirectUrl(input.redirect_url, problems),
    published: input.published,
  };
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  return values;
}

export async function listForms(db: Db, offset: number, limit: number) {
  const [rows, total] = await Promise.all([repo.listForms(db, offset, limit), repo.countForms(db)]);
  return { rows, total };
}

export async function getForm(db: Db, id: number): Promise<FormRow> {
  const form = await repo.findForm(db, id);
  if (!form) throw errors.notFound('Form');
  return form;
}

export async function createForm(db: Db, contactFields: FieldSet, input: FormCreateBody): Promise<FormRow> {
  const values = definition(contactFields, input);
  return repo.insertForm(db, { ...values, name: values.name!, fields: values.fields ?? '[]', redirect_url: values.redirect_url ?? null });
}

export async function updateForm(db: Db, contactFields: FieldSet, id: number, input: FormUpdateBody): Promise<FormRow> {
  const row = await repo.updateForm(db, id, definition(contactFields, input));
  if (!row) throw errors.notFound('Form');
  return row;
}

/** Its submissions stay on their contacts' timelines, with the form's name. */
export async function deleteForm(db: Db, id: number): Promise<void> {
  const result = await repo.deleteForm(db, id);
  if (Number(result.numDeletedRows) === 0) throw errors.notFound('Form');
}

export async function listSubmissions(db: Db, id: number, offset: number, limit: number) {
  await getForm(db, id);
  const [events, total] = await Promise.all([repo.listSubmissions(db, id, offset, limit), repo.countSubmissions(db, id)]);
  return { events, total };
}
