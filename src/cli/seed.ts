/**
 * `contactbase seed --contacts N [--events M]` (also `npm run seed -- ...`): fills the database
 * the server uses with realistic synthetic contacts and timeline events, for demos and benchmarks.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { FieldRegistry } from '../fields/registry.js';
import { seed, type SeedProgress } from '../seed/run.js';
import { count, parse as parseOptions, UsageError } from './args.js';
import { openCliDatabase } from './database.js';

export const help = `Usage: contactbase seed --contacts N [--events M] [options]
       npm run seed -- --contacts N [--events M] [options]

Adds N synthetic contacts and M timeline events to the database the server uses
(DATABASE_URL, or the embedded PostgreSQL in DATA_DIR). Running it again adds more.

  --contacts N   contacts to add: about 20% anonymous visitors (city and country only),
                 the rest with name, email, company, job, address, phones, birthday
                 and the custom fields industry, newsletter and lifetime_value
  --events M     timeline events (page.hit, email.read, form.submitted) for the
                 contacts added now, or for the existing ones without --contacts
  --chunk K      rows per INSERT statement, progress is printed after each (100k)
  --jobs J       statements running at once (${defaultJobs()})
  -h, --help     this text

N, M and K accept 250000, 250_000, 250k or 1m.
Example: npm run seed -- --contacts 1m --events 1m

The emails are at real free-mail and company domains: never send email to seeded contacts.`;

/** Two statements per core, as the test runner does: while one commits or writes, another computes. */
function defaultJobs() {
  return Math.min(8, Math.max(2, os.availableParallelism() * 2));
}

function parse(argv: string[]) {
  const { values } = parseOptions(argv, {
    contacts: { type: 'string' },
    events: { type: 'string' },
    chunk: { type: 'string' },
    jobs: { type: 'string' },
  });
  if (values.help) return undefined;
  const options = {
    contacts: count('contacts', values.contacts, 0, 0, 100_000_000),
    events: count('events', values.events, 0, 0, 1_000_000_000),
    chunkSize: count('chunk', values.chunk, 100_000, 1_000, 1_000_000),
    jobs: count('jobs', values.jobs, defaultJobs(), 1, 16),
  };
  if (options.contacts === 0 && options.events === 0) throw new UsageError('Say how many: --contacts N and/or --events M');
  return options;
}

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => `${number(n / Math.max(ms, 1) * 1000)}/s`;

function progressPrinter(total: { contacts: number; events: number }) {
  const part = (done: number, of: number) => `${number(done).padStart(of >= 1e6 ? 9 : 7)} / ${number(of)}`;
  return ({ contacts, events, elapsedMs }: SeedProgress) => {
    const parts = [];
    if (total.contacts > 0) parts.push(`contacts ${part(contacts, total.contacts)}`);
    if (total.events > 0) parts.push(`events ${part(events, total.events)}`);
    const done = total.contacts > 0 ? contacts / total.contacts : events / total.events;
    console.log(`  ${parts.join('   ')}  ${`${Math.floor(done * 100)}%`.padStart(4)}  ${seconds(elapsedMs).padStart(7)}  ${rate(contacts + events, elapsedMs)} rows`);
  };
}

export async function run(argv: string[]): Promise<number> {
  const options = parse(argv);
  if (!options) {
    console.log(help);
    return 0;
  }

  const opening = Date.now();
  const database = await openCliDatabase();
  console.log(`Database ready in ${seconds(Date.now() - opening)}: ${database.where}`);

  const abort = new AbortController();
  process.once('SIGINT', () => {
    console.log('\nInterrupted: finishing the statements in flight, then stopping');
    abort.abort();
  });

  console.log(`Seeding ${number(options.contacts)} contacts and ${number(options.events)} events, ${number(options.chunkSize)} rows per statement, ${options.jobs} at a time`);
  try {
    const result = await seed(database.db, new FieldRegistry(), { ...options, signal: abort.signal, onProgress: progressPrinter(options) });
    if (result.fields.created.length > 0) console.log(`Created the custom fields ${result.fields.created.join(', ')}`);
    for (const { alias, reason } of result.fields.skipped) console.log(`Left the field "${alias}" without values: ${reason}`);
    const ids = result.firstId === null ? '' : ` (ids ${result.firstId} to ${result.lastId})`;
    console.log(`${result.interrupted ? 'Stopped early' : 'Done'}: ${number(result.contacts)} contacts${ids} and ${number(result.events)} events in ${seconds(result.ms)}, ${rate(result.contacts + result.events, result.ms)} rows`);
  } finally {
    await database.close();
  }
  return abort.signal.aborted ? 130 : 0;
}

// `npm run seed` runs this file itself, with the error handling of `contactbase seed`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { execute } = await import('./main.js');
  process.exit(await execute({ help, run }, process.argv.slice(2)));
}
