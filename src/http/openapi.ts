import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { App } from './app.js';
import { ErrorResponse } from './schemas.js';

const VERSION = '0.1.0';

/** The OpenAPI document is generated from the route schemas; the docs page renders it. */
export async function registerOpenApi(app: App) {
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Contactbase API',
        version: VERSION,
        description: 'Contacts, custom fields, statuses, users and API tokens. Authenticate with `Authorization: Bearer <token>`, HTTP Basic (username and password, or username and token), or the session cookie plus `X-CSRF-Token`. Errors always have the shape `{"error": {"code", "message", "fields"}}`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from POST /api/v1/tokens' },
          basic: { type: 'http', scheme: 'basic' },
          session: { type: 'apiKey', in: 'cookie', name: 'cb_session' },
        },
      },
      security: [{ bearer: [] }, { basic: [] }, { session: [] }],
    },
    hideUntagged: true,
    transform: ({ schema, url, route }) => {
      const documented = { ...schema } as typeof schema & { security?: unknown[]; body?: unknown };
      if (route.config?.public === true) documented.security = [];
      if (route.config?.documentedBody) documented.body = route.config.documentedBody;
      return { schema: documented, url };
    },
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
}
