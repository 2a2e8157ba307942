import { recordEvent } from '../activity/service.js';
import { parseContactInput } from '../contacts/input.js';
import * as contacts from '../contacts/service.js';
import type { Db } from '../db/database.js';
import type { ContactRow } from '../db/schema.js';
import { AppError, errors, type FieldErrors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import { isBlank, normaliseValue, type FieldType } from '../fields/values.js';
import { identify } from '../identity/identify.js';
import { recordVisitorEvent } from '../identity/service.js';
import type { Settings } from '../settings/definitions.js';
import * as repo from './repo.js';
import { FORM_LIMITS, type FormField, type FormRow } from './schema.js';

export type SubmittedValue = string | number | boolean | string[];

export interface Submission {
  readonly formId: number;
  /** What the visitor sent, by form field name; keys that are no field of the form are ignored. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The visitor's device, only when they may be tracked: the submission then lands on its contact. */
  readonly deviceId?: string;
  readonly userAgent?: string | null;
  readonly pageUrl?: string | null;
  readonly referrer?: string | null;
}

export interface Submitted {
  readonly form: FormRow;
  readonly contact: ContactRow;
  /** The accepted values, normalised, by form field name. */
  readonly values: Record<string, SubmittedValue>;
}

/** How each form field type is checked, in terms of the contact field types' rules. */
const RULES: Record<FormField['type'], FieldType> = {
  text: 'textarea', textarea: 'textarea', hidden: 'textarea', email: 'email', phone: 'phone', number: 'number', date: 'date', select: 'select', checkbox: 'boolean',
};

function single(raw: unknown): { value: unknown } | { error: string } {
  if (Array.isArray(raw)) return raw.length <= 1 ? { value: raw[0] } : { error: 'must be a single value' };
  if (raw !== null && typeof raw === 'object') return { error: 'must be text' };
  return { value: raw };
}

function tooLong(value: unknown): boolean {
  return typeof value === 'string' && value.length > FORM_LIMITS.value;
}

/** One field's value, checked and normalised; null when blank. */
function checkValue(field: FormField, raw: unknown): { value: SubmittedValue | null } | { error: string } {
  if (field.type === 'checkbox' && field.options.length > 0) {
    const items = (Array.isArray(raw) ? raw : [raw]).filter((item) => !isBlank(item));
    if (items.length === 0) return field.required ? { error: 'is required' } : { value: null };
    const chosen: string[] = [];
    for (const item of items) {
      const result = normaliseValue({ type: 'select', options: field.options }, item);
      if (!result.ok) return { error: result.message };
      if (!chosen.includes(result.value as string)) chosen.push(result.value as string);
    }
    return { value: chosen };
  }
  const one = single(raw);
  if ('error' in one) return one;
  if (isBlank(one.value)) return field.required ? { error: field.type === 'checkbox' ? 'must be checked' : 'is required' } : { value: null };
  if (tooLong(one.value)) return { error: `must be at most ${FORM_LIMITS.value} characters` };
  const result = normaliseValue({ type: RULES[field.type], options: field.options }, one.value);
  if (!result.ok) return { error: result.message };
  if (field.type === 'checkbox' && result.value === false) return field.required ? { error: 'must be checked' } : { value: null };
  return { value: result.value as SubmittedValue };
}

function checkValues(form: FormRow, given: ReadonlyMap<string, unknown>): Record<string, SubmittedValue> {
  const values: Record<string, SubmittedValue> = {};
  const problems: FieldErrors = {};
  for (const field of form.fields) {
    const result = checkValue(field, given.get(field.name));
    if ('error' in result) problems[field.name] = result.error;
    else if (result.value !== null) values[field.name] = result.value;
  }
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  return values;
}

/** The contact changes of the mapped fields; a value the contact field refuses is an error of its form field. */
function contactChanges(form: FormRow, contactFields: FieldSet, values: Record<string, SubmittedValue>) {
  const input: Record<string, unknown> = {};
  const fieldOf = new Map<string, string>();
  for (const field of form.fields) {
    // A contact field deleted after the form was made is skipped, not held against the visitor.
    if (!field.maps_to || !(field.name in values) || !contactFields.byAlias.has(field.maps_to)) continue;
    input[field.maps_to] = values[field.name];
    fieldOf.set(field.maps_to, field.name);
  }
  try {
    return parseContactInput(contactFields, input, 'patch');
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    throw errors.validation(Object.fromEntries(Object.entries(error.fields).map(([alias, message]) => [fieldOf.get(alias) ?? alias, message])));
  }
}

/**
 * Accepts a submission of a published form: checks every value, writes the mapped ones to the
 * contact through the one identify function (the visitor's device contact, the contact owning
 * the submitted email, or a new one), and records a form.submitted event on that contact.
 * Nothing is written when any value is refused.
 */
export async function submitForm(db: Db, contactFields: FieldSet, settings: Settings, submission: Submission): Promise<Submitted> {
  const form = await repo.findForm(db, submission.formId);
  if (!form || !form.published) throw errors.notFound('Form');
  const values = checkValues(form, new Map(Object.entries(submission.values)));
  const changes = contactChanges(form, contactFields, values);

  const { contact } = await identify(db, contactFields, settings, { deviceId: submission.deviceId, changes, userAgent: submission.userAgent, source: 'form' });
  const data = { form_id: form.id, form_name: form.name, values, page_url: submission.pageUrl ?? null, referrer: submission.referrer ?? null };
  // identify runs its own transaction; the event follows at once, on the device's current contact.
  if (submission.deviceId) {
    const event = await recordVisitorEvent(db, contactFields, { deviceId: submission.deviceId, type: repo.SUBMITTED, data });
    return { form, contact: event.contact_id === contact.id ? contact : await contacts.getContact(db, event.contact_id), values };
  }
  await db.transaction().execute(async (trx) => {
    const live = await contacts.getContact(trx, contact.id);
    await recordEvent(trx, live.id, repo.SUBMITTED, data);
  });
  return { form, contact, values };
}
