import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

const Color = Nullable(Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'Hex color such as #ff8800' }));

export const StatusJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  description: Type.String(),
  color: Nullable(Type.String()),
  order: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
}, {});

export const StatusCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "VIP" or "Prospective client"' }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  color: Type.Optional(Color),
  order: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
}, { additionalProperties: false });

export const StatusUpdateBody = Type.Partial(StatusCreateBody, { additionalProperties: false });

export const StatusList = Type.Object({ statuses: Type.Array(StatusJson), total: Type.Integer() });
