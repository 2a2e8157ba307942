import type { ContactsTable, FieldOption } from '../db/schema.js';
import type { FieldType } from './values.js';

export const FIELD_GROUPS = ['core', 'social', 'personal', 'professional'] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

export interface BuiltinField {
  readonly alias: string;
  readonly label: string;
  readonly type: FieldType;
  readonly group: FieldGroup;
  /** The contacts column holding the value. */
  readonly column: keyof ContactsTable;
  readonly options?: readonly FieldOption[];
  readonly uniqueIdentifier?: boolean;
  readonly quickAdd?: boolean;
  /** What a reference field points at. */
  readonly references?: 'users' | 'statuses' | 'stages';
  readonly defaultValue?: unknown;
}

const option = (value: string, label = value): FieldOption => ({ value, label });

function field(
  alias: keyof ContactsTable & string,
  label: string,
  type: FieldType,
  group: FieldGroup,
  extra: Partial<BuiltinField> = {},
): BuiltinField {
  return { alias, label, type, group, column: alias, ...extra };
}

/**
 * The contact fields of Mautic and Kentico, under Mautic's aliases, in the order the UI shows
 * them. They are columns of `contacts`; the registry (table `fields`) holds their settings.
 */
export const BUILTIN_FIELDS: readonly BuiltinField[] = [
  field('title', 'Title', 'lookup', 'core', { options: ['Mr', 'Mrs', 'Ms', 'Miss', 'Dr'].map((t) => option(t)) }),
  field('firstname', 'First name', 'text', 'core', { quickAdd: true }),
  field('middlename', 'Middle name', 'text', 'core'),
  field('lastname', 'Last name', 'text', 'core', { quickAdd: true }),
  field('email', 'Email', 'email', 'core', { uniqueIdentifier: true, quickAdd: true }),
  field('company', 'Company', 'text', 'core', { quickAdd: true }),
  field('position', 'Job title', 'text', 'core'),
  field('phone', 'Private phone', 'phone', 'core'),
  field('business_phone', 'Business phone', 'phone', 'core'),
  field('mobile', 'Mobile', 'phone', 'core'),
  field('fax', 'Fax', 'phone', 'core'),
  field('address1', 'Address line 1', 'text', 'core'),
  field('address2', 'Address line 2', 'text', 'core'),
  field('city', 'City', 'text', 'core'),
  field('state', 'State / region', 'region', 'core'),
  field('zipcode', 'ZIP code', 'text', 'core'),
  field('country', 'Country', 'country', 'core'),
  field('timezone', 'Time zone', 'timezone', 'core'),
  field('preferred_locale', 'Preferred locale', 'locale', 'core'),
  field('website', 'Website', 'url', 'core'),
  { alias: 'status', label: 'Status', type: 'reference', group: 'core', column: 'status_id', references: 'statuses' },
  { alias: 'owner', label: 'Owner', type: 'reference', group: 'core', column: 'owner_id', references: 'users' },
  { alias: 'stage', label: 'Stage', type: 'reference', group: 'core', column: 'stage_id', references: 'stages' },
  field('points', 'Points', 'number', 'core', { defaultValue: 0 }),
  field('gender', 'Gender', 'select', 'personal', {
    options: [option('male', 'Male'), option('female', 'Female'), option('other', 'Other')],
  }),
  field('birthday', 'Birthday', 'date', 'personal'),
  field('facebook', 'Facebook', 'text', 'social'),
  field('twitter', 'X (Twitter)', 'text', 'social'),
  field('linkedin', 'LinkedIn', 'text', 'social'),
  field('instagram', 'Instagram', 'text', 'social'),
  field('skype', 'Skype', 'text', 'social'),
  field('foursquare', 'Foursquare', 'text', 'social'),
];

export const BUILTIN_BY_ALIAS = new Map(BUILTIN_FIELDS.map((f) => [f.alias, f]));

/** Read-only members of a contact's JSON; a custom field may not take these names. */
export const SYSTEM_FIELDS = [
  'id', 'created_at', 'updated_at', 'created_by', 'first_seen_at', 'last_active_at',
  'identified_at', 'anonymous', 'full_name', 'age', 'merged_into',
] as const;

/** Names kept free for what later features add to a contact and for the search language. */
export const RESERVED_ALIASES = new Set<string>([
  ...SYSTEM_FIELDS,
  'custom', 'contact_id', 'company_id', 'email_normalized', 'status_id', 'owner_id', 'stage_id',
  'tags', 'segments', 'companies', 'notes', 'devices', 'ip', 'ips', 'ip_addresses', 'events',
  'consents', 'memberships', 'dnc', 'do_not_contact', 'utm', 'ids', 'is', 'name', 'segment',
  'tag', 'common', 'campaign', 'overwrite_with_blank',
]);
