import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ensureBuiltinFields } from '../fields/service.js';
import { createDb, type Db } from './database.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrate.js';

export interface OpenDatabase {
  readonly db: Db;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL in DATA_DIR, then brings the
 * schema and the built-in fields up to date.
 */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? undefined
    : await startEmbeddedPostgres(config.dataDir, (line) => log.debug({ category: 'postgres' }, line));
  if (embedded) log.info({ dataDir: config.dataDir }, 'embedded PostgreSQL started');
  const db = createDb(config.databaseUrl ?? embedded!.url, config.databasePoolSize);
  try {
    const applied = await migrateToLatest(db);
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
    await ensureBuiltinFields(db);
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    close: async () => {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
