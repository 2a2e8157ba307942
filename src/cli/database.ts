import pino from 'pino';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type OpenDatabase } from '../db/open.js';
import { CliError } from './args.js';

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export interface CliDatabase extends OpenDatabase {
  readonly config: Config;
  /** The migrations applied while opening. */
  readonly migrated: readonly string[];
  /** Where the data is, for messages. */
  readonly where: string;
}

export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
}

/**
 * Opens the database the server uses, as the server does (DATABASE_URL, or the embedded
 * PostgreSQL in DATA_DIR), migrating it. Log lines go to stderr as plain text, warnings and
 * worse only unless LOG_LEVEL says otherwise.
 */
export async function openCliDatabase(config = cliConfig()): Promise<CliDatabase> {
  const migrated: string[] = [];
  const threshold = process.env.LOG_LEVEL ? config.logLevel : 'warn';
  const log = pino({ level: 'info' }, {
    write(line: string) {
      const entry = JSON.parse(line) as { level: number; msg?: string; migrations?: string[] };
      if (entry.migrations) migrated.push(...entry.migrations);
      if (threshold !== 'silent' && entry.level >= pino.levels.values[threshold]) process.stderr.write(`${LEVELS[entry.level] ?? entry.level}: ${entry.msg ?? ''}\n`);
    },
  });
  let database: OpenDatabase;
  try {
    database = await openDatabase(config, log);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/in use by another running Contactbase/.test(message)) {
      throw new CliError(`${message.split('. ')[0]}. Stop that server first, or run the server and this command on a PostgreSQL of your own, named by DATABASE_URL.`);
    }
    throw new CliError(`Could not open the database: ${message}`);
  }
  const where = config.databaseUrl
    ? `${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}`
    : `the embedded PostgreSQL in ${config.dataDir}`;
  return { ...database, config, migrated, where };
}
