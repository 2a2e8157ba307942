import { actor, type App, type AppContext } from '../http/app.js';
import { errorResponses, IdParams, NoContent } from '../http/schemas.js';
import { presentToken } from './presenter.js';
import { NewTokenJson, TokenCreateBody, TokenList } from './schema.js';
import * as tokens from './service.js';

export function tokenRoutes(app: App, ctx: AppContext) {
  const tags = ['API tokens'];

  app.get('/api/v1/tokens', {
    schema: { tags, summary: 'Your API tokens (an admin sees everyone\'s); secrets are never shown again', response: { 200: TokenList, ...errorResponses } },
  }, async (request) => {
    const rows = await tokens.listTokens(ctx.db, actor(request));
    return { tokens: rows.map((row) => presentToken(row, row.username)) };
  });

  app.post('/api/v1/tokens', {
    schema: { tags, summary: 'Create an API token for yourself; the answer holds its secret, shown once', body: TokenCreateBody, response: { 201: NewTokenJson, ...errorResponses } },
  }, async (request, reply) => {
    const user = actor(request);
    const { row, secret } = await tokens.createToken(ctx.db, user.id, request.body.name);
    return reply.status(201).send({ token: { ...presentToken(row, user.username), secret } });
  });

  app.delete('/api/v1/tokens/:id', {
    schema: { tags, summary: 'Revoke a token at once', params: IdParams, response: { 204: NoContent, ...errorResponses } },
  }, async (request, reply) => {
    await tokens.revokeToken(ctx.db, request.params.id, actor(request));
    return reply.status(204).send(null);
  });
}
