import { Type } from 'typebox';
import { SESSION_COOKIE } from '../auth/guard.js';
import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, IdParams, PageQuery, NoContent } from '../http/schemas.js';
import { presentUser } from './presenter.js';
import { ProfileUpdateBody, UserCreateBody, UserJson, UserList, UserUpdateBody } from './schema.js';
import * as users from './service.js';

export function userRoutes(app: App, ctx: AppContext) {
  const tags = ['Users'];
  const admin = { role: 'admin' as const };
  const one = Type.Object({ user: UserJson });

  app.get('/api/v1/users', {
    config: admin,
    schema: { tags, summary: 'List users (admins only)', querystring: PageQuery, response: { 200: UserList, ...errorResponses } },
  }, async (request) => {
    const { users: rows, total } = await users.listUsers(ctx.db, request.query.offset ?? 0, request.query.limit ?? 30);
    return { users: rows.map(presentUser), total };
  });

  app.post('/api/v1/users', {
    config: admin,
    schema: { tags, summary: 'Create a user (admins only)', body: UserCreateBody, response: { 201: one, ...errorResponses } },
  }, async (request, reply) => {
    const user = await users.createUser(ctx.db, request.body);
    return reply.status(201).send({ user: presentUser(user) });
  });

  app.get('/api/v1/users/me', {
    schema: { tags, summary: 'The signed-in user', response: { 200: one, ...errorResponses } },
  }, async (request) => ({ user: presentUser(await users.getUser(ctx.db, actor(request).id)) }));

  app.patch('/api/v1/users/me', {
    schema: { tags, summary: 'Change your own name, email or password', body: ProfileUpdateBody, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ user: presentUser(await users.updateProfile(ctx.db, actor(request).id, request.body, request.cookies[SESSION_COOKIE])) }));

  app.get('/api/v1/users/:id', {
    config: admin,
    schema: { tags, summary: 'Get a user (admins only)', params: IdParams, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ user: presentUser(await users.getUser(ctx.db, request.params.id)) }));

  app.patch('/api/v1/users/:id', {
    config: admin,
    schema: { tags, summary: 'Change a user (admins only)', params: IdParams, body: UserUpdateBody, response: { 200: one, ...errorResponses } },
  }, async (request) => ({ user: presentUser(await users.updateUser(ctx.db, request.params.id, request.body)) }));

  app.delete('/api/v1/users/:id', {
    config: admin,
    schema: { tags, summary: 'Delete a user; their contacts lose their owner (admins only)', params: IdParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await users.deleteUser(ctx.db, request.params.id);
    return reply.status(204).send(null);
  });
}
