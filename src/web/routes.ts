import fs from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import { errors } from '../errors.js';
import type { App, AppContext } from '../http/app.js';
import { WEB_DIST } from './paths.js';

/**
 * Paths the admin UI never answers for, so that the API's and tracking's own 404s (and their
 * routes, registered before or later) stay theirs.
 */
const NOT_THE_UI = /^\/(api|healthz|mtc|mtc\.js|mtracking\.gif|form)(\/|$)/;

/**
 * The shell holds no data, so it loads before sign-in; every datum it shows comes from the API
 * behind the session. Inline scripts are refused; Mantine sets inline styles.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HASHED_ASSETS = '/assets/';

function sendIndex(reply: FastifyReply) {
  return reply
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .sendFile('index.html', WEB_DIST, { cacheControl: false });
}

/** A file of the build, or undefined for anything that is not one (folders, escapes). */
async function builtFile(urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (!relative || relative.startsWith('..') || relative.split('/').some((part) => part.startsWith('.'))) return undefined;
  const stat = await fs.stat(path.join(WEB_DIST, relative)).catch(() => undefined);
  return stat?.isFile() ? relative : undefined;
}

/**
 * Serves the admin UI built into dist/web (src/web/build.ts): hashed assets cached for good,
 * index.html for every other GET so that the UI's own URLs survive a reload or a shared link.
 * Registered last; the API's routes are more specific and win.
 */
export function webRoutes(app: App, _ctx: AppContext) {
  app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: WEB_DIST, serve: false });

    scope.get('/*', {
      config: { public: true },
      schema: { hide: true },
    }, async (request, reply) => {
      const urlPath = request.url.split('?')[0];
      if (NOT_THE_UI.test(urlPath)) return reply.callNotFound();
      const file = await builtFile(urlPath);
      if (file?.startsWith(HASHED_ASSETS.slice(1))) {
        return reply.sendFile(file, WEB_DIST, { maxAge: '365d', immutable: true });
      }
      if (urlPath.startsWith(HASHED_ASSETS)) return reply.callNotFound();
      if (file && file !== 'index.html') return reply.header('cache-control', 'no-cache').sendFile(file, WEB_DIST, { cacheControl: false });
      if (!(await builtFile('/index.html'))) {
        throw errors.unavailable('The admin UI is not built yet: run `npm run build` (npm start does it for you)');
      }
      return sendIndex(reply);
    });
  });
}
