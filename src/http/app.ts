import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { FieldRegistry } from '../fields/registry.js';
import type { AuthUser } from '../auth/cache.js';
import type { JobRunner } from '../jobs/runner.js';
import type { SettingsStore } from '../settings/service.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What every domain's routes receive: the database and the process-wide services. */
export interface AppContext {
  readonly db: Db;
  readonly config: Config;
  readonly fields: FieldRegistry;
  readonly settings: SettingsStore;
  /** Runs background jobs (imports, exports); each domain registers its handlers with it. */
  readonly jobs: JobRunner;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without sign-in (tracking, health, sign-in itself). Everything else needs it. */
    public?: boolean;
    /** Only users with this role may call the route. */
    role?: 'admin';
    /**
     * The request body as the OpenAPI document shows it, for a route that reads its body itself
     * (a multipart upload) and so has no body schema to validate with.
     */
    documentedBody?: TSchema;
  }
  interface FastifyRequest {
    user: AuthUser | null;
    authMethod: 'session' | 'token' | 'basic' | null;
  }
}

/** The signed-in user of a route that is not public (the guard has already checked). */
export function actor(request: { user: AuthUser | null }): AuthUser {
  if (!request.user) throw new Error('actor() called on a public route');
  return request.user;
}
