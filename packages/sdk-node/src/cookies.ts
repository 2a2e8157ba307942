import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Node response, an Express response, or a Fastify reply. */
export type ResponseLike = Pick<ServerResponse, 'getHeader' | 'setHeader'> | { raw: Pick<ServerResponse, 'getHeader' | 'setHeader'> };
export type RequestLike = Pick<IncomingMessage, 'headers'> & { socket?: object };

export function readCookie(req: RequestLike, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface CookieOptions {
  readonly domain?: string;
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
}

/** Adds a Set-Cookie header, keeping any the app has set already. */
export function writeCookie(res: ResponseLike, name: string, value: string, options: CookieOptions): void {
  const target = 'raw' in res ? res.raw : res;
  const cookie = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${options.maxAgeSeconds}`,
    'SameSite=Lax',
    ...(options.domain ? [`Domain=${options.domain}`] : []),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
  const existing = target.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  target.setHeader('set-cookie', [...list.filter((c) => !c.startsWith(`${name}=`)), cookie]);
}
