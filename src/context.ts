import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { FieldRegistry } from './fields/registry.js';
import type { AppContext } from './http/app.js';
import { registerSearchCommands } from './search/setup.js';
import path from 'node:path';
import { JobRunner } from './jobs/runner.js';
import { SettingsStore } from './settings/service.js';

/** The process-wide services every domain's routes receive. */
export function createContext(db: Db, config: Config, env: NodeJS.ProcessEnv = process.env): AppContext {
  registerSearchCommands();
  const jobs = new JobRunner(db, path.join(config.dataDir, 'jobs'));
  return { db, config, fields: new FieldRegistry(), settings: new SettingsStore(env), jobs };
}
