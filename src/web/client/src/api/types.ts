/** The API's JSON, as docs/api.md and /api/v1/openapi.json describe it. */

export type Role = 'admin' | 'user';

export interface User {
  id: number;
  username: string;
  email: string | null;
  first_name: string;
  last_name: string;
  role: Role;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface Session {
  user: User;
  csrf_token: string | null;
  method: 'session' | 'token' | 'basic';
}

/** A contact: system members, then every field by alias. */
export interface Contact {
  id: number;
  created_at: string;
  updated_at: string;
  created_by: number | null;
  first_seen_at: string | null;
  last_active_at: string | null;
  identified_at: string | null;
  anonymous: boolean;
  full_name: string;
  age: number | null;
  [alias: string]: unknown;
}

export interface ContactList {
  contacts: Contact[];
  /** Exact up to a limit, an estimate beyond (total_exact false). */
  total: number;
  total_exact?: boolean;
  offset: number;
  limit: number;
}

export type FieldType =
  | 'text' | 'textarea' | 'email' | 'phone' | 'url' | 'number' | 'boolean' | 'date' | 'datetime' | 'time'
  | 'select' | 'multiselect' | 'country' | 'region' | 'locale' | 'timezone' | 'lookup' | 'reference';

export const FIELD_TYPES: readonly Exclude<FieldType, 'reference'>[] = [
  'text', 'textarea', 'email', 'phone', 'url', 'number', 'boolean', 'date', 'datetime', 'time',
  'select', 'multiselect', 'country', 'region', 'locale', 'timezone', 'lookup',
];

export type FieldGroup = 'core' | 'social' | 'personal' | 'professional';
export const FIELD_GROUPS: readonly FieldGroup[] = ['core', 'social', 'personal', 'professional'];

export interface FieldOption {
  value: string;
  label: string;
}

export interface Field {
  id: number;
  alias: string;
  label: string;
  type: FieldType;
  group: FieldGroup;
  order: number;
  default_value: unknown;
  required: boolean;
  unique_identifier: boolean;
  publicly_updatable: boolean;
  quick_add: boolean;
  published: boolean;
  options: FieldOption[];
  builtin: boolean;
  references: 'users' | 'statuses' | 'stages' | null;
  created_at: string;
  updated_at: string;
}

export interface Status {
  id: number;
  name: string;
  description: string;
  color: string | null;
  order: number;
  created_at: string;
  updated_at: string;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  user_id: number;
  username: string;
  created_at: string;
  last_used_at: string | null;
}

export interface TimelineEvent {
  id: number;
  type: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

export interface Device {
  id: number;
  device_id: string;
  user_agent: string | null;
  device_type: string | null;
  browser: string | null;
  os: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

export interface IpAddress {
  ip: string;
  first_seen_at: string;
  last_seen_at: string;
  city: string | null;
  state: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface Membership {
  id: number;
  contact_id: number;
  kind: string;
  external_id: string;
  user_name: string | null;
  created_at: string;
}

export interface Merge {
  id: number;
  survivor_id: number;
  loser_id: number;
  reason: string;
  merged_by: number | null;
  merged_at: string;
  undone_at: string | null;
  moved: { events: number; devices: number; memberships: number; ips: number; filled: string[]; points: number };
}

export type CookieLevel = 'none' | 'system' | 'essential' | 'editor' | 'visitor' | 'all';

export interface Settings {
  unique_identifier_operator: 'or' | 'and';
  tracking_valid_domains: string[];
  default_cookie_level: CookieLevel;
  respect_do_not_track: boolean;
  track_private_ips: boolean;
  track_bots: boolean;
  do_not_track_ips: string[];
  anonymize_ip: boolean;
  identify_by_tracking_url: boolean;
  [key: string]: unknown;
}

export interface BatchResult {
  index: number;
  status: number;
  id?: number;
  error?: { code: string; message: string };
}

/** One week of GET /api/v1/contacts/:id/engagement. */
export interface EngagementWeek {
  /** The Monday (UTC) it starts on, YYYY-MM-DD. */
  week: string;
  engagements: number;
  points: number;
}

export type FormFieldType = 'text' | 'textarea' | 'email' | 'phone' | 'number' | 'select' | 'checkbox' | 'hidden' | 'date';
export const FORM_FIELD_TYPES: readonly FormFieldType[] = ['text', 'textarea', 'email', 'phone', 'number', 'select', 'checkbox', 'hidden', 'date'];

export interface FormField {
  name: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  options: FieldOption[];
  /** The contact field the value is written to. */
  maps_to: string | null;
}

export interface Form {
  id: number;
  name: string;
  description: string;
  fields: FormField[];
  success_message: string;
  redirect_url: string | null;
  published: boolean;
  created_at: string;
  updated_at: string;
}

export interface FormSubmission {
  id: number;
  contact_id: number;
  submitted_at: string;
  values: Record<string, unknown>;
  page_url: string | null;
  referrer: string | null;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A background job (import, export): GET /api/v1/jobs/:id. */
export interface Job {
  id: number;
  kind: string;
  state: JobState;
  progress: { done: number; total: number | null; failed: number; rate: number | null; eta_seconds: number | null; [count: string]: number | null };
  result: Record<string, unknown> | null;
  error: string | null;
  created_by: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** POST /api/v1/imports/preview: how the server reads the file. */
export interface ImportPreview {
  file: string;
  encoding: string;
  bom: boolean;
  delimiter: string;
  lines: number;
  headers: string[];
  rows: string[][];
  /** Suggested target of each header: a field alias, `tags`, or null. */
  mapping: Record<string, string | null>;
}
