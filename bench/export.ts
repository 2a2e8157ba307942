/**
 * `npm run bench -- export [--contacts N]`: 1,000,000 seeded contacts (src/seed/, with tags
 * added to a third of them) exported to CSV and to xlsx through the real job, as
 * POST /api/v1/exports runs it: rows a second and the peak RSS of this process, which runs the
 * job. Before them, the xlsx export's own keyset queries, read into this process with no file
 * written, give that export's ceiling. What each figure means: docs/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { matchingContactsQuery } from '../src/contacts/search.js';
import { createDb, type Db } from '../src/db/database.js';
import { exportColumns, selections } from '../src/exports/columns.js';
import { exportJob } from '../src/exports/job.js';
import * as repo from '../src/exports/repo.js';
import { BATCH_SIZE } from '../src/exports/write.js';
import { FieldRegistry } from '../src/fields/registry.js';
import { JobRunner } from '../src/jobs/runner.js';
import { enqueueJob } from '../src/jobs/service.js';
import { seed } from '../src/seed/run.js';
import { createUser } from '../src/users/service.js';
import { prepareDatabase } from './lib/database.js';
import { interruption } from './lib/load.js';
import { processCpuMs } from './lib/cpu.js';
import { parseBenchArgs, UsageError } from './lib/options.js';
import { formatRate, printTable } from './lib/print.js';

const TARGET_CSV = 100_000;
const MB = 1024 * 1024;

/** The CPU time of this database's backends so far, by pid; empty when they cannot be read. */
async function backendsCpu(db: Db): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`.execute(db);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms !== null) cpu.set(pid, ms);
  }
  return cpu;
}

/**
 * Runs `work`, with the largest RSS seen meanwhile (sampled every 20 ms), the CPU time of this
 * process and of the database's backends (the pool is opened wide first, so that the backends
 * doing the work exist at the start and are counted).
 */
async function measure<T>(db: Db, work: () => Promise<T>) {
  await Promise.all(Array.from({ length: 8 }, () => sql`SELECT pg_sleep(0.05)`.execute(db)));
  const before = process.memoryUsage.rss();
  const cpuBefore = process.cpuUsage();
  const backendsBefore = await backendsCpu(db);
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  try {
    const result = await work();
    const cpu = process.cpuUsage(cpuBefore);
    const backendsAfter = await backendsCpu(db);
    const pgMs = backendsBefore.size === 0 ? null
      : [...backendsAfter].reduce((sum, [pid, ms]) => sum + (backendsBefore.has(pid) ? ms - backendsBefore.get(pid)! : 0), 0);
    return { result, peak: Math.max(peak, process.memoryUsage.rss()), before, nodeMs: (cpu.user + cpu.system) / 1000, pgMs };
  } finally {
    clearInterval(timer);
  }
}

export async function run(args: readonly string[]) {
  const { values } = parseBenchArgs(args, { contacts: { type: 'string' } });
  const contacts = values.contacts === undefined ? 1_000_000 : Number(String(values.contacts).replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!Number.isSafeInteger(contacts) || contacts < 1 || contacts > 20_000_000) throw new UsageError('--contacts must be a whole number from 1 to 20m');

  const database = await prepareDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-bench-export-'));
  const db = createDb(database.url, 10);
  const runner = new JobRunner(db, path.join(dataDir, 'jobs'), { pollMs: 100 });
  try {
    console.log(`Database: ${database.description}; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; Node ${process.version}`);
    console.log(`Seeding ${contacts.toLocaleString('en-US')} contacts ...`);
    const seeded = await seed(db, new FieldRegistry(), { contacts, events: 0, jobs: 2, signal: interruption.signal });
    console.log(`  ${seeded.contacts.toLocaleString('en-US')} contacts in ${(seeded.ms / 1000).toFixed(1)} s`);
    await sql`INSERT INTO tags (name) VALUES ('customer'), ('newsletter'), ('vip'), ('event 2024'), ('lead')`.execute(db);
    await sql`INSERT INTO contact_tags (contact_id, tag_id)
      SELECT c.id, t.id FROM contacts c JOIN tags t ON (c.id + t.id) % 3 = 0 AND t.id % 2 = c.id % 2`.execute(db);
    await sql`VACUUM ANALYZE contacts`.execute(db);
    await sql`VACUUM ANALYZE contact_tags`.execute(db);
    const user = await createUser(db, { username: 'bench', password: 'bench-password', role: 'admin' });
    const registry = new FieldRegistry();
    const fields = await registry.load(db);
    const columns = exportColumns(fields, undefined);
    console.log(`Columns: ${columns.length} (id, ${columns.length - 4} published fields, tags, ownerusername, status_name)\n`);

    // The xlsx export's ceiling: its own keyset queries, read into this process, nothing written.
    const read = await measure(db, async () => {
      const started = performance.now();
      const query = matchingContactsQuery(db, fields, {});
      let after = 0;
      let rows = 0;
      for (;;) {
        const page = await repo.contactsAfter(query, selections(columns), after, BATCH_SIZE);
        if (page.length === 0) break;
        await repo.tagNamesBetween(db, page[0].id, page[page.length - 1].id);
        rows += page.length;
        after = page[page.length - 1].id;
        interruption.signal.throwIfAborted();
      }
      return { rows, seconds: (performance.now() - started) / 1000 };
    });

    runner.register(exportJob(db, registry, 24));
    runner.start(pino({ level: 'silent' }));
    const exports = [];
    for (const format of ['csv', 'xlsx'] as const) {
      interruption.signal.throwIfAborted();
      const measured = await measure(db, async () => {
        const started = performance.now();
        const job = await enqueueJob(db, runner, { kind: 'export', payload: { format }, createdBy: user.id });
        for (;;) {
          const row = await db.selectFrom('jobs').select(['state', 'result', 'error']).where('id', '=', job.id).executeTakeFirstOrThrow();
          if (row.state === 'succeeded') {
            const result = row.result as { rows: number; filename: string };
            const size = fs.statSync(path.join(runner.dirOf(job.id), result.filename)).size;
            return { rows: result.rows, seconds: (performance.now() - started) / 1000, size };
          }
          if (row.state !== 'queued' && row.state !== 'running') throw new Error(`the ${format} export ${row.state}: ${row.error}`);
          interruption.signal.throwIfAborted();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
      exports.push({ format, ...measured });
    }

    const perThousand = (ms: number | null, rows: number) => (ms === null ? '-' : (ms / rows * 1000).toFixed(1));
    const line = (name: string, m: Awaited<ReturnType<typeof measure<{ rows: number; seconds: number; size?: number }>>>) => [
      name, m.result.rows.toLocaleString('en-US'), m.result.seconds.toFixed(1), formatRate(m.result.rows / m.result.seconds),
      m.result.size === undefined ? '-' : (m.result.size / MB).toFixed(0), (m.before / MB).toFixed(0), (m.peak / MB).toFixed(0),
      perThousand(m.nodeMs, m.result.rows), perThousand(m.pgMs, m.result.rows),
    ];
    printTable(['phase', 'rows', 'seconds', 'rows/s', 'file MB', 'RSS before MB', 'peak RSS MB', 'CPU ms/1k rows: Node', 'PostgreSQL'], [
      line('rows read into Node, no file (xlsx ceiling)', read),
      ...exports.map((e) => line(`export job, ${e.format}`, e)),
    ]);
    const csv = exports[0].result.rows / exports[0].result.seconds;
    const xlsx = exports[1].result.rows / exports[1].result.seconds;
    console.log(`\nCSV: ${formatRate(csv)} rows/s; target >= ${formatRate(TARGET_CSV)} rows/s: ${csv >= TARGET_CSV ? 'met' : 'NOT met'}`);
    console.log(`xlsx: ${formatRate(xlsx)} rows/s, ${(xlsx / (read.result.rows / read.result.seconds) * 100).toFixed(0)}% of its ceiling`);
    console.log(`Load average (1, 5, 15 min) at the end: ${os.loadavg().map((n) => n.toFixed(1)).join(', ')} on ${os.cpus().length} cores`);
  } finally {
    await runner.stop();
    await db.destroy();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
