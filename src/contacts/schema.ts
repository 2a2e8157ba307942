import { Type } from 'typebox';
import { BUILTIN_FIELDS } from '../fields/builtins.js';
import { LIMITS, OneOf, PageQuery, Timestamp } from '../http/schemas.js';
import { SEARCH_LIMITS } from '../search/parse.js';
import { EXACT_TOTAL_UP_TO } from './search.js';

const builtinProperties = Object.fromEntries(BUILTIN_FIELDS.map((f) => [
  f.alias,
  Type.Unknown({ description: `${f.label} (${f.type}${f.references ? ` id of ${f.references}` : ''})` }),
]));

/**
 * A value of `schema`'s type or null, as a list of types rather than `Nullable`'s anyOf: every
 * contact answered then costs fast-json-stringify a type check per member instead of a
 * validation against each branch (a date-time format check for every timestamp). The OpenAPI
 * document shows the same nullable type either way.
 */
const OrNull = <T>(schema: { readonly type: 'string' | 'integer'; readonly format?: string; readonly description?: string }) =>
  Type.Unsafe<T | null>({ ...schema, type: [schema.type, 'null'] });
const NullableTimestamp = OrNull<string>(Timestamp);

/** A contact: system, built-in and custom fields side by side, by alias. */
export const ContactJson = Type.Object({
  id: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
  created_by: OrNull<number>({ type: 'integer', description: 'Id of the user who created it' }),
  first_seen_at: NullableTimestamp,
  last_active_at: NullableTimestamp,
  identified_at: NullableTimestamp,
  anonymous: Type.Boolean({ description: 'No unique identifier field (email by default) is filled' }),
  full_name: Type.String({ description: 'First, middle and last name' }),
  age: OrNull<number>({ type: 'integer', description: 'Whole years since the birthday' }),
  ...builtinProperties,
}, { additionalProperties: true, description: 'Custom fields appear as further members named by their alias' });

export const ContactInput = Type.Object(Object.fromEntries(Object.entries(builtinProperties).map(([k, v]) => [k, Type.Optional(v)])), {
  additionalProperties: true,
  description: 'Field values by alias (built-in and custom). Unknown aliases are refused; read-only system members (id, created_at, ...) are ignored.',
});

export const ContactListQuery = Type.Object({
  ...PageQuery.properties,
  sort: Type.Optional(Type.String({ maxLength: 500, description: 'Comma-separated field aliases, "-" for descending, e.g. "lastname,-created_at"' })),
  search: Type.Optional(Type.String({ maxLength: SEARCH_LIMITS.length, description: 'A search in the Mautic syntax, e.g. `email:*@acme.com !is:anonymous (tag:vip OR points:>10)`; see "Searching" in docs/api.md' })),
  q: Type.Optional(Type.String({ maxLength: SEARCH_LIMITS.length, description: 'The same as search (used when search is absent)' })),
});

export const ContactList = Type.Object({
  contacts: Type.Array(ContactJson),
  total: Type.Integer({ description: `Contacts matching; exact up to ${EXACT_TOTAL_UP_TO.toLocaleString('en-US')}, beyond that an estimate (total_exact false)` }),
  total_exact: Type.Boolean({ description: 'Whether total is an exact count' }),
  offset: Type.Integer(),
  limit: Type.Integer(),
});

const BatchResult = Type.Object({
  index: Type.Integer({ description: 'Position of the item in the request' }),
  status: Type.Integer({ description: 'HTTP status this item would have had on its own' }),
  contact: Type.Optional(ContactJson),
  id: Type.Optional(Type.Integer()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: true })),
});

export const BatchCreateBody = Type.Object({
  contacts: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1, maxItems: LIMITS.batchSize }),
}, { additionalProperties: false });

export const BatchUpdateBody = Type.Object({
  contacts: Type.Array(
    Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: true }),
    { minItems: 1, maxItems: LIMITS.batchSize },
  ),
}, { additionalProperties: false });

export const BatchDeleteBody = Type.Object({
  ids: Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), { minItems: 1, maxItems: LIMITS.batchSize }),
}, { additionalProperties: false });

export const BatchResults = Type.Object({ results: Type.Array(BatchResult) });

export const BatchActionBody = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 2000, description: 'The contacts to act on, in the search language; blank or absent: every contact' })),
  action: OneOf(['set_owner', 'add_tags', 'remove_tags', 'delete'] as const),
  owner_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: 'set_owner: the new owner (a user id), or null for none' })),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'add_tags, remove_tags: tag names' })),
}, { additionalProperties: false });

export const CreateQuery = Type.Object({
  on_duplicate: Type.Optional(OneOf(['refuse', 'update'] as const, { description: 'When the unique identifiers belong to a contact already: refuse (409, the default) or update that contact' })),
});
