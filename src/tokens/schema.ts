import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.js';

export const TokenJson = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the token, to tell tokens apart' }),
  user_id: Type.Integer(),
  username: Type.String(),
  created_at: Timestamp,
  last_used_at: Nullable(Timestamp),
}, {});

export const NewTokenJson = Type.Object({
  token: Type.Object({
    ...TokenJson.properties,
    secret: Type.String({ description: 'The token itself. It is shown only in this answer: store it now.' }),
  }),
});

export const TokenCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, description: 'What the token is for, e.g. "CRM sync"' }),
}, { additionalProperties: false });

export const TokenList = Type.Object({ tokens: Type.Array(TokenJson) });
