import { Type } from 'typebox';
import { Nullable } from '../http/schemas.js';
import { UserJson } from '../users/schema.js';

export const SignInBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });

export const SessionJson = Type.Object({
  user: UserJson,
  csrf_token: Nullable(Type.String({ description: 'Send it as X-CSRF-Token on every state-changing request made with the session cookie' })),
  method: Type.Union([Type.Literal('session'), Type.Literal('token'), Type.Literal('basic')]),
});
