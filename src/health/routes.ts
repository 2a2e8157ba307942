import { sql } from 'kysely';
import { Type } from 'typebox';
import { errors } from '../errors.js';
import type { App, AppContext } from '../http/app.js';
import { ErrorResponse } from '../http/schemas.js';

const TIMEOUT_MS = 2000;

export function healthRoutes(app: App, ctx: AppContext) {
  app.get('/healthz', {
    config: { public: true },
    schema: { tags: ['Operations'], summary: 'Liveness for load balancers: 200 when the database answers, 503 otherwise', response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: ErrorResponse } },
  }, async () => {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS).unref());
    try {
      await Promise.race([sql`SELECT 1`.execute(ctx.db), timeout]);
    } catch {
      throw errors.unavailable('The database does not answer');
    }
    return { status: 'ok' as const };
  });
}
