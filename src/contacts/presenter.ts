import type { ContactRow } from '../db/schema.js';
import type { Static } from 'typebox';
import type { FieldSet } from '../fields/registry.js';
import type { ContactJson } from './schema.js';

export type PresentedContact = Static<typeof ContactJson> & Record<string, unknown>;

function age(birthday: string | null, today = new Date()): number | null {
  if (!birthday) return null;
  const [year, month, day] = birthday.split('-').map(Number);
  let years = today.getUTCFullYear() - year;
  if (today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day)) years--;
  return years >= 0 ? years : null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The one place a contact row becomes JSON: system fields, then every field in registry order. */
export function presentContact(row: ContactRow, fields: FieldSet): PresentedContact {
  const json: PresentedContact = {
    id: row.id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    created_by: row.created_by,
    first_seen_at: iso(row.first_seen_at),
    last_active_at: iso(row.last_active_at),
    identified_at: iso(row.identified_at),
    anonymous: row.anonymous,
    full_name: [row.firstname, row.middlename, row.lastname].filter(Boolean).join(' '),
    age: age(row.birthday),
  };
  for (const field of fields.all) {
    json[field.alias] = field.column ? row[field.column] ?? null : row.custom[field.alias] ?? null;
  }
  return json;
}
