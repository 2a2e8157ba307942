import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as m0001 from './migrations/0001_init.js';
import * as m0002 from './migrations/0002_events.js';
import * as m0003 from './migrations/0003_identity.js';
import * as m0004 from './migrations/0004_tracking.js';
import * as m0005 from './migrations/0005_forms.js';
import * as m0006 from './migrations/0006_jobs.js';
import * as m0007 from './migrations/0007_search.js';
import * as m0008 from './migrations/0008_one_email_index.js';

const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_events': m0002,
  '0003_identity': m0003,
  '0004_tracking': m0004,
  '0005_forms': m0005,
  '0006_jobs': m0006,
  '0007_search': m0007,
  '0008_one_email_index': m0008,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date. Kysely's migrator holds a PostgreSQL advisory lock while it
 * runs, so several processes starting at once apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
