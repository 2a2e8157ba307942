/**
 * `npm run bench -- <name> [--seconds N] [--warmup N] [--concurrency N]`: runs one benchmark.
 * Each benchmark is a module exporting `run(args)`, registered below with one line on what it
 * measures. Not part of `npm test`: the figures depend on the machine and take a while.
 */
import { interruption } from './lib/load.js';
import { UsageError } from './lib/options.js';

interface Benchmark {
  readonly summary: string;
  readonly load: () => Promise<{ run(args: readonly string[]): Promise<void> }>;
}

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  api: {
    summary: 'contacts created and fetched per second over HTTP, against the same SQL straight through pg [--cpu-prof DIR]',
    load: () => import('./api.js'),
  },
  tracking: {
    summary: 'page views per second through /mtc/event and the pixel, against a bare Fastify GIF route; then counts lost events [--cpu-prof DIR]',
    load: () => import('./tracking.js'),
  },
  import: {
    summary: 'a 1,000,000-row CSV imported through the API into 1,000,000 contacts: rows/s and server RSS, against COPY [--contacts N] [--rows N] [--cpu-prof DIR]',
    load: () => import('./import.js'),
  },
  search: {
    summary: 'p50/p95 of 20 typical searches (first page with total) over HTTP on 1,000,000 seeded contacts [--contacts N] [--runs N] [--database URL]',
    load: () => import('./search.js'),
  },
  identify: {
    summary: 'visitor identifications per second against two server processes, then counts duplicate contacts [--cpu-prof DIR]',
    load: () => import('./identify.js'),
  },
  export: {
    summary: '1,000,000 seeded contacts exported to CSV and to xlsx through the real job: rows/s and peak RSS [--contacts N]',
    load: () => import('./export.js'),
  },
};

function usage(): string {
  const names = Object.entries(BENCHMARKS).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`);
  return ['Usage: npm run bench -- <name> [--seconds N] [--warmup N] [--concurrency N]', '', 'Benchmarks:', ...names].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const benchmark = name === undefined ? undefined : Object.hasOwn(BENCHMARKS, name) ? BENCHMARKS[name] : undefined;
if (!benchmark) {
  if (name !== undefined) console.error(`Unknown benchmark "${name}".\n`);
  console.error(usage());
  process.exit(2);
}

// A second Ctrl-C leaves at once; the first lets the benchmark drop its database and stop its servers.
process.once('SIGINT', () => {
  console.error('\nstopping: cleaning up (Ctrl-C again to leave at once)');
  interruption.abort();
  process.once('SIGINT', () => process.exit(130));
});

// Ctrl-C reaches an embedded PostgreSQL too, whose "terminating connection" (57P01) can come
// before the SIGINT above is handled, on a pooled connection that has no one to tell.
process.on('uncaughtException', (error) => {
  if ((error as { code?: string }).code === '57P01') return interruption.abort();
  console.error(error);
  process.exit(1);
});

try {
  await (await benchmark.load()).run(args);
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage()}`);
    process.exit(2);
  }
  // After Ctrl-C, a query may fail before a loop sees the abort.
  if (interruption.signal.aborted) process.exit(130);
  throw error;
}
// The embedded PostgreSQL's exit hooks and idle sockets must not keep the process alive.
process.exit(0);
