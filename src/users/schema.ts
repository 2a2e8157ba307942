import { Type, type Static } from 'typebox';
import { LIMITS, Nullable, OneOf, Timestamp } from '../http/schemas.js';

export const ROLES = ['admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

const Username = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.@+-]+$', description: 'Sign-in name: letters, digits and _ . @ + -' });
const Password = Type.String({ minLength: 8, maxLength: 200, description: 'At least 8 characters' });
const Email = Nullable(Type.String({ format: 'email', maxLength: 254 }));
const Name = Type.String({ maxLength: LIMITS.name });

export const UserJson = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Nullable(Type.String()),
  first_name: Type.String(),
  last_name: Type.String(),
  role: OneOf(ROLES),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_login_at: Nullable(Timestamp),
}, {});
export type UserJson = Static<typeof UserJson>;

export const UserCreateBody = Type.Object({
  username: Username,
  password: Password,
  email: Type.Optional(Email),
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  role: Type.Optional(OneOf(ROLES, { description: 'user when absent' })),
}, { additionalProperties: false });
export type UserCreateBody = Static<typeof UserCreateBody>;

export const UserUpdateBody = Type.Partial(UserCreateBody, { additionalProperties: false });
export type UserUpdateBody = Static<typeof UserUpdateBody>;

export const ProfileUpdateBody = Type.Object({
  email: Type.Optional(Email),
  first_name: Type.Optional(Name),
  last_name: Type.Optional(Name),
  password: Type.Optional(Password),
  current_password: Type.Optional(Type.String({ maxLength: 200, description: 'Required to change the password' })),
}, { additionalProperties: false });
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

export const UserList = Type.Object({ users: Type.Array(UserJson), total: Type.Integer() });
