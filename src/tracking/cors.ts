import type { FastifyReply, FastifyRequest } from 'fastify';

function wildcard(pattern: string): RegExp {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[a-z0-9-]+(?:\\.[a-z0-9-]+)*');
  return new RegExp(`^${escaped}$`);
}

let cachedList: readonly string[] | undefined;
let patterns: RegExp[] = [];

/** Whether `origin` (scheme://host[:port]) is on the valid domains list; `*.` covers subdomains. */
export function isValidOrigin(origin: string, validDomains: readonly string[]): boolean {
  if (cachedList !== validDomains) {
    cachedList = validDomains;
    patterns = validDomains.map((domain) => wildcard(domain.replace(/\/+$/, '')));
  }
  const normalised = origin.toLowerCase().replace(/\/+$/, '');
  return patterns.some((pattern) => pattern.test(normalised));
}

/**
 * Lets a page on a valid domain call the tracking endpoints with credentials (the device
 * cookie); other origins get no CORS headers, so their browsers keep the answer from them.
 */
export function applyCors(request: FastifyRequest, reply: FastifyReply, validDomains: readonly string[]): boolean {
  const origin = request.headers.origin;
  reply.header('vary', 'Origin');
  if (!origin || !isValidOrigin(origin, validDomains)) return false;
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-allow-credentials', 'true');
  reply.header('access-control-allow-headers', 'Origin, X-Requested-With, Content-Type');
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header('access-control-max-age', '36000');
  return true;
}
