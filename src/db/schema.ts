import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string, T | string>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  first_name: Generated<string>;
  last_name: Generated<string>;
  role: 'admin' | 'user';
  password_hash: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  last_login_at: Date | null;
}

export interface SessionsTable {
  token_hash: Buffer;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: Buffer;
  token_prefix: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: UpdatedAt;
}

export interface StatusesTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  color: string | null;
  position: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FieldOption {
  value: string;
  label: string;
}

export interface FieldsTable {
  id: Generated<number>;
  alias: string;
  label: string;
  type: string;
  field_group: string;
  position: number;
  default_value: Json<unknown> | null;
  required: Generated<boolean>;
  unique_identifier: Generated<boolean>;
  publicly_updatable: Generated<boolean>;
  quick_add: Generated<boolean>;
  published: Generated<boolean>;
  options: Json<FieldOption[]>;
  builtin: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Built-in contact fields are columns named by their alias; see src/fields/builtins.ts. */
export interface ContactsTable {
  id: Generated<number>;
  title: string | null;
  firstname: string | null;
  middlename: string | null;
  lastname: string | null;
  email: string | null;
  email_normalized: ColumnType<string | null, never, never>;
  gender: string | null;
  birthday: string | null;
  phone: string | null;
  business_phone: string | null;
  mobile: string | null;
  fax: string | null;
  company: string | null;
  position: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  country: string | null;
  timezone: string | null;
  preferred_locale: string | null;
  website: string | null;
  facebook: string | null;
  twitter: string | null;
  linkedin: string | null;
  instagram: string | null;
  skype: string | null;
  foursquare: string | null;
  status_id: number | null;
  owner_id: number | null;
  stage_id: number | null;
  points: Generated<number>;
  custom: Json<Record<string, unknown>>;
  anonymous: Generated<boolean>;
  merged_into: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  first_seen_at: Date | null;
  last_active_at: Date | null;
  identified_at: Date | null;
  /** What free text searches (migration 0007_search): generated, never written. */
  search_text: ColumnType<string, never, never>;
}

export interface EventsTable {
  id: Generated<number>;
  contact_id: number;
  /** e.g. page.hit, form.submitted, contact.merged, contact.imported */
  type: string;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
  data: Json<Record<string, unknown>>;
}

export interface DevicesTable {
  id: Generated<number>;
  contact_id: number;
  /** The random id in the visitor's cookie and local storage. */
  tracking_id: string;
  user_agent: string | null;
  device_type: string | null;
  browser: string | null;
  os: string | null;
  first_seen_at: CreatedAt;
  last_seen_at: UpdatedAt;
}

export interface ContactIpsTable {
  contact_id: number;
  ip: string;
  first_seen_at: CreatedAt;
  last_seen_at: UpdatedAt;
  city: string | null;
  state: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  created_at: CreatedAt;
}

export interface ContactTagsTable {
  contact_id: number;
  tag_id: number;
  created_at: CreatedAt;
}

export interface MembershipsTable {
  id: Generated<number>;
  contact_id: number;
  kind: 'user' | 'customer';
  external_id: string;
  user_name: string | null;
  created_at: CreatedAt;
}

/** What a merge moved from the loser to the survivor, so that it can be undone. */
export interface MergeMoved {
  events: number[];
  devices: number[];
  memberships: number[];
  ips: string[];
  /** Contacts merged into the loser earlier, which now point at the survivor. */
  tombstones: number[];
  /** Tags the survivor did not have. */
  tags?: number[];
  /** Survivor fields that were blank and took the loser's value, by alias. */
  filled: Record<string, unknown>;
  points: number;
}

export interface MergesTable {
  id: Generated<number>;
  survivor_id: number;
  loser_id: number;
  reason: 'identify' | 'sign_in' | 'manual';
  merged_by: number | null;
  merged_at: CreatedAt;
  moved: Json<MergeMoved>;
  undone_at: Date | null;
}

/** Admin-defined forms; a submission is a `form.submitted` event on the contact. */
export interface FormsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  fields: Json<{
    name: string;
    label: string;
    type: 'text' | 'textarea' | 'email' | 'phone' | 'number' | 'select' | 'checkbox' | 'hidden' | 'date';
    required: boolean;
    options: FieldOption[];
    /** The contact field alias the value is written to, if any. */
    maps_to: string | null;
  }[]>;
  success_message: Generated<string>;
  redirect_url: string | null;
  published: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** How far a job is: rows done of total, rows failed, and counts of its own (inserted, ...). */
export interface JobProgress {
  done?: number;
  total?: number | null;
  failed?: number;
  [count: string]: number | null | undefined;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  state: Generated<JobState>;
  payload: Json<Record<string, unknown>>;
  progress: Json<JobProgress>;
  checkpoint: Json<Record<string, unknown>> | null;
  result: Json<Record<string, unknown>> | null;
  error: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  run_started_at: Date | null;
  run_started_done: Generated<number>;
  heartbeat_at: Date | null;
  runner: string | null;
  attempts: Generated<number>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  statuses: StatusesTable;
  fields: FieldsTable;
  contacts: ContactsTable;
  events: EventsTable;
  devices: DevicesTable;
  contact_ips: ContactIpsTable;
  memberships: MembershipsTable;
  merges: MergesTable;
  tags: TagsTable;
  contact_tags: ContactTagsTable;
  forms: FormsTable;
  jobs: JobsTable;
}

export type UserRow = Selectable<UsersTable>;
export type StatusRow = Selectable<StatusesTable>;
export type FieldRow = Selectable<FieldsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type JobRow = Selectable<JobsTable>;
export type NewContact = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
