/**
 * `npm test`: prepares one migrated template database, then runs every test file in parallel
 * with node's test runner; each file clones the template into a database of its own.
 * Uses DATABASE_URL's server when set, otherwise an embedded PostgreSQL in a temporary folder.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ensureBuiltinFields } from '../src/fields/service.js';
import { withDatabase } from './helpers/database-url.js';
import { buildWeb } from '../src/web/build.js';

const root = path.dirname(new URL(import.meta.url).pathname);
const filter = process.argv.slice(2);

// The browser tests (test/web) drive the built admin UI; build it when its sources changed.
await buildWeb();

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let embedded: EmbeddedDatabase | undefined;
let tempDir: string | undefined;
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-test-'));
  fs.chmodSync(tempDir, 0o755);
  embedded = await startEmbeddedPostgres(tempDir);
  serverUrl = embedded.url;
}
const template = `cb_template_${process.pid}`;
await admin(serverUrl, `DROP DATABASE IF EXISTS ${template}`);
await admin(serverUrl, `CREATE DATABASE ${template}`);
const db = createDb(withDatabase(serverUrl, template), 2);
await migrateToLatest(db);
await ensureBuiltinFields(db);
await db.destroy();

const files = testFiles(root).filter((f) => filter.length === 0 || filter.some((part) => f.includes(part))).sort();
const concurrency = Math.max(2, os.availableParallelism() * 2);
const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_SERVER: serverUrl, TEST_TEMPLATE_DATABASE: template },
});
const code: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));

await admin(serverUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => {});
await embedded?.stop();
if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
process.exit(code);
