import { Type } from 'typebox';
import { ContactJson } from '../contacts/schema.js';
import { LIMITS, Nullable, OneOf, Timestamp } from '../http/schemas.js';
import { DEVICE_ID_PATTERN } from './devices.js';

const DeviceId = Type.String({ pattern: DEVICE_ID_PATTERN, description: 'The visitor\'s device id, from its cookie' });
const Kind = OneOf(['user', 'customer'] as const, { description: 'Which of your app\'s account kinds (default user)' });
const UserName = Type.String({ minLength: 1, maxLength: 255, description: 'Your app\'s user name or id for the account' });

export const MergeBody = Type.Object({
  from: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'The other contact' }),
}, { additionalProperties: false });

export const MergeJson = Type.Object({
  id: Type.Integer(),
  survivor_id: Type.Integer(),
  loser_id: Type.Integer(),
  reason: Type.String({ description: 'identify, sign_in or manual' }),
  merged_by: Nullable(Type.Integer({ description: 'The user who merged; null for automatic merges' })),
  merged_at: Timestamp,
  undone_at: Nullable(Timestamp),
  moved: Type.Object({
    events: Type.Integer(), devices: Type.Integer(), memberships: Type.Integer(), ips: Type.Integer(),
    filled: Type.Array(Type.String(), { description: 'Fields the survivor took from the other contact' }),
    points: Type.Integer(),
  }),
});

export const MergeResult = Type.Object({ contact: ContactJson, merged_id: Type.Integer() });
export const UnmergeResult = Type.Object({
  contact: ContactJson,
  restored: ContactJson,
  not_restored: Type.Array(Type.String(), { description: 'What changed after the merge and so stayed where it was' }),
});
export const MergeList = Type.Object({ merges: Type.Array(MergeJson) });

export const MembershipJson = Type.Object({
  id: Type.Integer(), contact_id: Type.Integer(), kind: Type.String(), external_id: Type.String(),
  user_name: Nullable(Type.String()), created_at: Timestamp,
});
export const MembershipList = Type.Object({ memberships: Type.Array(MembershipJson) });
export const MembershipParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  membershipId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export const DeviceJson = Type.Object({
  id: Type.Integer(), device_id: Type.String(), user_agent: Nullable(Type.String()), device_type: Nullable(Type.String()),
  browser: Nullable(Type.String()), os: Nullable(Type.String()), first_seen_at: Timestamp, last_seen_at: Timestamp,
});
export const DeviceList = Type.Object({ devices: Type.Array(DeviceJson) });

export const LookalikeList = Type.Object({ contacts: Type.Array(ContactJson) });
export const DuplicateGroups = Type.Object({
  groups: Type.Array(Type.Object({ reason: Type.String({ description: 'email, name_and_company or name_and_phone' }), ids: Type.Array(Type.Integer()) })),
});
export const DuplicateQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: 100 })) });

export const VisitorCurrentBody = Type.Object({
  device_id: Type.Optional(DeviceId),
  user_name: Type.Optional(UserName),
  kind: Type.Optional(Kind),
  user_agent: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

export const VisitorSignInBody = Type.Object({
  device_id: Type.Optional(DeviceId),
  user_name: UserName,
  kind: Type.Optional(Kind),
  user_agent: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

export const VisitorIdentifyBody = Type.Object({
  device_id: Type.Optional(DeviceId),
  fields: Type.Object({}, { additionalProperties: true, description: 'Field values by alias; identifiers (email) find or merge the contact' }),
  user_agent: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });

export const VisitorEventBody = Type.Object({
  device_id: DeviceId,
  type: Type.String({ pattern: '^[a-z][a-z0-9_.-]*$', maxLength: 100, description: 'e.g. page.hit' }),
  data: Type.Optional(Type.Object({}, { additionalProperties: true })),
  occurred_at: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

export const VisitorJson = Type.Object({
  contact: ContactJson,
  device_id: Type.String(),
  outcome: Type.Optional(Type.String({ description: 'What happened: created, matched, merged, updated, switched, assigned, unchanged' })),
});

export const EventJson = Type.Object({
  id: Type.Integer(), contact_id: Type.Integer(), type: Type.String(), occurred_at: Timestamp,
  data: Type.Object({}, { additionalProperties: true }),
});

export const IpList = Type.Object({
  ips: Type.Array(Type.Object({
    ip: Type.String(), first_seen_at: Timestamp, last_seen_at: Timestamp,
    city: Nullable(Type.String()), state: Nullable(Type.String()), country: Nullable(Type.String()),
    latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()),
  })),
});
