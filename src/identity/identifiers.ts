import { createHash } from 'node:crypto';
import type { ContactRow } from '../db/schema.js';
import type { FieldDef, FieldSet } from '../fields/registry.js';
import { isBlank } from '../fields/values.js';
import type { ContactChanges } from '../contacts/input.js';

/** Values that clients send when they have nothing; they never identify anyone. */
const MEANINGLESS = new Set(['null', 'undefined', 'nil', 'none', 'anonymous', '0', 'false', 'true', 'nan', 'n/a', '[object object]', '{}', '[]', '-']);

const LONGEST_MEANINGLESS = Math.max(...[...MEANINGLESS].map((word) => word.length));

export function isMeaningful(value: unknown): boolean {
  if (typeof value === 'string') {
    const text = value.trim();
    // Emails and most other identifiers are longer than any of the words: no need to lower-case them.
    return text.length > LONGEST_MEANINGLESS || (text !== '' && !MEANINGLESS.has(text.toLowerCase()));
  }
  if (isBlank(value)) return false;
  return !MEANINGLESS.has(String(value).trim().toLowerCase());
}

export interface IdentifierValue {
  readonly field: FieldDef;
  readonly value: unknown;
}

/** Emails match whatever their case and surrounding spaces; other values as normalised. */
export function comparable(field: FieldDef, value: unknown): string {
  return field.type === 'email' ? String(value).trim().toLowerCase() : String(value);
}

/** The unique-identifier values a contact has once `changes` are applied to `current`. */
export function identifierValues(fields: FieldSet, changes: ContactChanges, current?: ContactRow): IdentifierValue[] {
  const values: IdentifierValue[] = [];
  for (const field of fields.uniqueIdentifiers) {
    let value: unknown;
    if (field.column) value = field.column in changes.columns ? changes.columns[field.column] : current?.[field.column];
    else value = field.alias in changes.custom ? changes.custom[field.alias] : current?.custom[field.alias];
    if (isMeaningful(value)) values.push({ field, value });
  }
  return values;
}

/** Whether `contact` holds this identifier value. */
export function holdsValue(contact: ContactRow, { field, value }: IdentifierValue): boolean {
  const own = field.column ? contact[field.column] : contact.custom[field.alias];
  return isMeaningful(own) && comparable(field, own) === comparable(field, value);
}

/** Identifier values that `changes` sets (those that can newly clash with another contact). */
export function changedIdentifiers(values: IdentifierValue[], changes: ContactChanges): IdentifierValue[] {
  return values.filter(({ field }) => (field.column ? field.column in changes.columns : field.alias in changes.custom));
}

/**
 * Advisory-lock keys, one per identifier value, in a fixed order so two writers never wait on
 * each other crosswise. Any process holding a key's lock is the only one deciding who owns it.
 */
export function lockKeys(values: IdentifierValue[]): string[] {
  const keys = values.map(({ field, value }) =>
    createHash('sha256').update(`${field.alias}\u0000${comparable(field, value)}`).digest().readBigInt64BE(0),
  );
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
}
