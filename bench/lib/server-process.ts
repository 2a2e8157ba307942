/**
 * The Contactbase server as the api benchmark runs it: a child process of its own, so the load
 * generator does not share its event loop. Listens on a free loopback port, prints {"port":N} on
 * stdout, and stops on SIGTERM or when its parent goes away (stdin closes).
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { createContext } from '../../src/context.js';
import { createDb } from '../../src/db/database.js';
import { buildServer } from '../../src/server.js';

const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error('BENCH_DATABASE_URL is not set; start this through bench/lib/server.ts');

// What the benchmark asked for (bench/lib/server.ts `env`, e.g. TRACK_PRIVATE_IPS), nothing
// else of our environment: a production start's defaults otherwise, pool size included.
const presets = JSON.parse(process.env.BENCH_SERVER_ENV ?? '{}') as Record<string, string>;
const config = loadConfig({ ...presets, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0' });
const db = createDb(databaseUrl, config.databasePoolSize);
// As src/main.ts builds it, logger included (fastify gives each request a child of it), but
// quieter, and on stderr: stdout carries the port. Settings start from their defaults and the presets.
const logger = pino({ level: 'warn' }, pino.destination(2));
const app = await buildServer(createContext(db, config, presets), logger);
await app.listen({ host: config.host, port: config.port });

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await app.close();
  await db.destroy();
  // An explicit exit, so that --cpu-prof writes its profile.
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
// Ctrl-C reaches the whole process group; the parent decides when the server stops. An embedded
// PostgreSQL stops at once, which reaches idle pooled connections as an error no one awaits.
process.on('SIGINT', () => {});
process.on('uncaughtException', (error) => {
  if ((error as { code?: string }).code === '57P01') return;
  console.error(error);
  process.exit(1);
});
process.stdin.on('end', () => void stop());
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port, pool: config.databasePoolSize })}\n`);
