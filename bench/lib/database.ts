import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/database.js';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ensureBuiltinFields } from '../../src/fields/service.js';

export interface BenchDatabase {
  readonly url: string;
  /** Which PostgreSQL, for the report, e.g. "DATABASE_URL, PostgreSQL 15.2". */
  readonly description: string;
  /** A small pool for setting up and checking; the benchmark opens its own for load. */
  readonly db: Db;
  close(): Promise<void>;
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A fresh, migrated Contactbase database: a new database on DATABASE_URL's server, dropped by
 * close(), or else an embedded PostgreSQL in a temporary folder, removed by close().
 */
export async function prepareDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL?.trim();
  let url: string;
  let where: string;
  let release: () => Promise<void>;
  if (serverUrl) {
    const name = `cb_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    url = withDatabase(serverUrl, name);
    where = 'DATABASE_URL';
    release = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-bench-'));
    // As root the embedded PostgreSQL runs as an unprivileged user, who must be able to enter it.
    fs.chmodSync(dir, 0o755);
    try {
      const embedded = await startEmbeddedPostgres(dir);
      url = embedded.url;
      release = async () => {
        // Ctrl-C in a terminal reaches PostgreSQL as well, which may then be stopped already.
        await embedded.stop().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      };
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    where = 'embedded';
  }

  const db = createDb(url, 2);
  const close = async () => {
    await db.destroy();
    await release();
  };
  try {
    await migrateToLatest(db);
    await ensureBuiltinFields(db);
    const { rows } = await sql<{ server_version: string }>`SHOW server_version`.execute(db);
    return { url, db, close, description: `${where}, PostgreSQL ${rows[0].server_version.split(' ')[0]}` };
  } catch (error) {
    await close();
    throw error;
  }
}
