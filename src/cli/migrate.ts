import { parse } from './args.js';
import { openCliDatabase } from './database.js';

export const help = `Usage: contactbase migrate

Brings the database schema up to date (the server does the same at start), then lists the
migrations it applied. Safe to run while other processes migrate: they take turns.

  -h, --help   this text`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {});
  if (values.help) {
    console.log(help);
    return 0;
  }
  const database = await openCliDatabase();
  try {
    console.log(database.migrated.length === 0
      ? `The database is up to date (${database.where})`
      : `Applied ${database.migrated.join(', ')} to ${database.where}`);
  } finally {
    await database.close();
  }
  return 0;
}
