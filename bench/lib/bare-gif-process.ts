/**
 * The tracking benchmark's baseline: a bare Fastify app whose one route answers the pixel's 1x1
 * GIF, in a child process started as the real server is (bench/lib/server.ts), with the same
 * logger and HTTP options as `buildServer` but no plugins, hooks, cookies or database.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { LogController } from 'fastify';
import pino from 'pino';

// The 43-byte GIF src/tracking/routes.ts sends, with the same headers.
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const app = Fastify({
  loggerInstance: pino({ level: 'warn' }, pino.destination(2)),
  logController: new LogController({ disableRequestLogging: true }),
  http: { maxHeaderSize: 96 * 1024 },
});
app.get('/mtracking.gif', async (_request, reply) =>
  reply.type('image/gif').header('expires', 'Wed, 11 Jan 2000 12:59:00 GMT').header('cache-control', 'private, no-cache, no-cache=Set-Cookie, proxy-revalidate')
    .header('pragma', 'no-cache').send(GIF));
await app.listen({ host: '127.0.0.1', port: 0 });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await app.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => {});
process.stdin.on('end', () => void stop());
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port, pool: 0 })}\n`);
