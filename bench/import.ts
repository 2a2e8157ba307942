/**
 * `npm run bench -- import [--contacts N] [--rows N] [--server-node-options="--max-old-space-size=256"]`: a generated CSV (20 columns, 10% of
 * rows matching existing contacts by email, 1% malformed) imported through POST
 * /api/v1/imports into a server process on a database already holding N contacts; measures
 * rows/s from the upload's start to the job's end and the server's peak RSS. In the same run,
 * `COPY` of the same file into a plain table of 20 text columns gives the ceiling, and the
 * same rows written into contacts by set-based SQL alone (rolled back) the schema's floor.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import { FieldRegistry } from '../src/fields/registry.js';
import { seed } from '../src/seed/run.js';
import { createToken } from '../src/tokens/service.js';
import { createUser } from '../src/users/service.js';
import { prepareDatabase } from './lib/database.js';
import { machineCpuMs, processCpuMs } from './lib/cpu.js';
import { interruption } from './lib/load.js';
import { parseBenchArgs, UsageError } from './lib/options.js';
import { formatPercent, formatRate, printTable } from './lib/print.js';
import { startServerProcess } from './lib/server.js';

const TARGET_RATE = 16_700;
const TARGET_RATIO = 0.25;
const TARGET_RSS_MB = 300;
const COLUMNS = ['email', 'firstname', 'lastname', 'company', 'position', 'phone', 'mobile', 'address1', 'city', 'state', 'zipcode', 'country',
  'website', 'birthday', 'gender', 'points', 'tags', 'industry', 'newsletter', 'lifetime_value'];
const HEADERS = ['Email', 'First Name', 'Last Name', 'Company', 'Job Title', 'Phone', 'Mobile', 'Address line 1', 'City', 'State', 'Zip Code', 'Country',
  'Website', 'Birthday', 'Gender', 'Points', 'Tags', 'Industry', 'Newsletter', 'Lifetime value'];

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Farid', 'Greta', 'Hiro', 'Inès', 'Jonas', 'Karin', 'Luca', 'Maya', 'Nils', 'Olga', 'Pedro'];
const LAST = ['Müller', 'Smith', 'Rossi', 'García', 'Nowak', 'Dubois', 'Jansen', 'Kowalski', 'Yılmaz', 'Silva', 'Andersson', 'Novák', 'Tanaka'];
const COMPANIES = ['Acme GmbH', 'Globex, Ltd', 'Initech', 'Umbrella SA', 'Stark "Industries"', 'Wayne Enterprises', 'Hooli', 'Vandelay Import Export'];
const PLACES = [['Berlin', 'Berlin', 'Germany'], ['Paris', 'Île-de-France', 'France'], ['Madrid', 'Madrid', 'Spain'], ['Milan', 'Lombardy', 'Italy'], ['Lyon', 'Rhône', 'FR']];
const INDUSTRY = ['software', 'manufacturing', 'retail', 'finance', 'healthcare'];

function number(raw: string | boolean | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const match = /^(\d+)([km]?)$/i.exec(String(raw).replace(/[_,]/g, ''));
  const value = match ? Number(match[1]) * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase() as '' | 'k' | 'm'] : NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`--${name} must be a count such as 1000, 250k or 1m`);
  return value;
}

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Writes the file: row i matches an existing contact when i % 10 == 0, is malformed when i % 100 == 7. */
async function writeCsv(file: string, rows: number, existing: readonly string[]): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${HEADERS.join(',')}\n`);
  const series = randomBytes(3).toString('hex');
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7) % LAST.length];
    const [city, state, country] = PLACES[i % PLACES.length];
    let email = i % 10 === 0 && existing.length > 0 ? existing[(i / 10) % existing.length] : `${first}.${last}.${series}${i}@example.com`.normalize('NFD').replace(/[^\x21-\x7e]/g, '').toLowerCase();
    if (i % 20 === 0) email = `  ${email.toUpperCase()} `; // matching ignores case and spaces
    const values = [
      email, first, last, COMPANIES[i % COMPANIES.length], 'Head of Sales', `+49 30 ${100000 + (i % 900000)}`, `+49 170 ${1000000 + i % 9000000}`,
      `${i % 200} Main Street`, city, state, String(10000 + (i % 89999)), country, `www.company${i % 5000}.example`,
      ['1980-04-12', '12.04.1980', '04/12/1980', '12 April 1980'][i % 4], ['male', 'female', 'Other'][i % 3], String(i % 50),
      ['vip|newsletter', 'lead', '', 'b2b|-lead'][i % 4], INDUSTRY[i % INDUSTRY.length], ['yes', 'no', '1', 'true'][i % 4], String((i % 1000) * 1.5),
    ];
    if (i % 100 === 7) values[[0, 13, 15][i % 3]] = ['not-an-email', '31.02.1980', 'lots'][i % 3]; // a bad email, date or number
    buffer += `${values.map(quote).join(',')}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** Streams the file to POST /api/v1/imports as multipart, as curl -F does; answers the job id. */
function upload(url: string, token: string, file: string): Promise<number> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + fs.statSync(file).size + tail.length },
    }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => (response.statusCode === 202 ? resolve(JSON.parse(body).job.id) : reject(new Error(`POST /api/v1/imports answered ${response.statusCode}: ${body.slice(0, 300)}`))));
    });
    request.on('error', reject);
    request.write(head);
    const stream = fs.createReadStream(file);
    stream.on('error', reject);
    stream.on('end', () => request.end(tail));
    stream.pipe(request, { end: false });
  });
}

async function getJob(url: string, token: string, id: number) {
  const response = await fetch(`${url}/api/v1/jobs/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return (await response.json()).job as { state: string; error: string | null; progress: Record<string, number | null>; result: Record<string, number> | null; started_at: string | null; finished_at: string | null };
}

/**
 * What the import writes, with no Node in the way: every row of the file (from the COPY table)
 * inserted as a new contact with a `contact.imported` event and one tag (the file's rows
 * average one), in three set-based statements of one transaction, rolled back at the end. No
 * validation, matching or locking: about the least any import into this schema costs
 * PostgreSQL. Answers its time and the machine's CPU time over it.
 */
async function setBasedFloor(db: Db, createdBy: number) {
  return db.connection().execute(async (connection) => {
    await sql`BEGIN`.execute(connection);
    try {
      const started = Date.now();
      const cpuBefore = machineCpuMs();
      await sql`CREATE TEMP TABLE floor_ids ON COMMIT DROP AS WITH inserted AS (
          INSERT INTO contacts (email, firstname, lastname, company, position, phone, mobile, address1, city, state, zipcode, country, website, gender,
            points, custom, anonymous, identified_at, created_by)
          SELECT 'floor.' || lower(btrim(email)), firstname, lastname, company, position, phone, mobile, address1, city, state, zipcode, country, website,
            lower(gender), CASE WHEN points ~ '^[0-9]{1,9}$' THEN points::int ELSE 0 END,
            jsonb_build_object('industry', industry, 'newsletter', lower(newsletter) IN ('1', 'true', 'yes', 'on'), 'lifetime_value', lifetime_value),
            false, now(), ${createdBy}
          FROM import_ceiling RETURNING id
        ) SELECT id FROM inserted`.execute(connection);
      await sql`INSERT INTO events (contact_id, type, data) SELECT id, 'contact.imported', jsonb_build_object('file', 'bench.csv') FROM floor_ids`.execute(connection);
      await sql`INSERT INTO contact_tags (contact_id, tag_id) SELECT f.id, t.id FROM floor_ids f CROSS JOIN (SELECT min(id) AS id FROM tags) t`.execute(connection);
      const cpuAfter = machineCpuMs();
      return { ms: Date.now() - started, cpuMs: cpuBefore && cpuAfter ? cpuAfter.busy - cpuBefore.busy : null };
    } finally {
      await sql`ROLLBACK`.execute(connection);
    }
  });
}

/** The peak resident memory of a process so far, in MB (Linux). */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

export async function run(args: readonly string[]): Promise<void> {
  const { values } = parseBenchArgs(args, { contacts: { type: 'string' }, rows: { type: 'string' }, 'cpu-prof': { type: 'string' }, 'server-node-options': { type: 'string' } });
  const profileDir = values['cpu-prof'];
  const serverOptions = typeof values['server-node-options'] === 'string' ? values['server-node-options'].split(/\s+/).filter(Boolean) : [];
  const contacts = number(values.contacts, 'contacts', 1_000_000);
  const rows = number(values.rows, 'rows', 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-import-bench-'));
  fs.chmodSync(dir, 0o755); // PostgreSQL reads the file for COPY
  const file = path.join(dir, 'bench.csv');
  process.stderr.write(`import: preparing a database with ${contacts.toLocaleString('en-US')} contacts\n`);
  const database = await prepareDatabase();
  try {
    const seeded = Date.now();
    await seed(database.db, new FieldRegistry(), { contacts, events: 0, signal: interruption.signal });
    process.stderr.write(`  seeded in ${((Date.now() - seeded) / 1000).toFixed(0)} s\n`);
    const { rows: sample } = await sql<{ email: string }>`SELECT email FROM contacts TABLESAMPLE SYSTEM (20) WHERE email IS NOT NULL LIMIT ${Math.ceil(rows / 10)}`.execute(database.db);
    await writeCsv(file, rows, sample.map((r) => r.email));
    fs.chmodSync(file, 0o644);
    const megabytes = fs.statSync(file).size / 1024 / 1024;
    process.stderr.write(`  wrote ${rows.toLocaleString('en-US')} rows, ${megabytes.toFixed(0)} MB; ${sample.length.toLocaleString('en-US')} rows match existing contacts\n`);
    await sql`VACUUM ANALYZE contacts`.execute(database.db);

    const user = await createUser(database.db, { username: 'bench', password: randomBytes(18).toString('base64url'), role: 'admin' });
    const { secret } = await createToken(database.db, user.id, 'bench');
    const server = await startServerProcess(database.url, [...serverOptions, ...(typeof profileDir === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]);
    let job;
    let ms;
    let rss;
    let machineBefore, machineAfter, serverBefore, serverAfter;
    try {
      const idleRss = peakRssMb(server.pid);
      process.stderr.write(`  importing through ${server.url} (server RSS at start ${idleRss.toFixed(0)} MB)\n`);
      const started = Date.now();
      machineBefore = machineCpuMs();
      serverBefore = processCpuMs(server.pid);
      const id = await upload(server.url, secret, file);
      const uploadRss = peakRssMb(server.pid);
      process.stderr.write(`  uploaded and checked in ${((Date.now() - started) / 1000).toFixed(1)} s (server peak RSS so far ${uploadRss.toFixed(0)} MB)\n`);
      for (;;) {
        job = await getJob(server.url, secret, id);
        if (!['queued', 'running'].includes(job.state) || interruption.signal.aborted) break;
        process.stderr.write(`\r  ${String(job.progress.done).padStart(9)} / ${job.progress.total} rows  ${formatRate(job.progress.rate ?? 0)}/s   `);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      ms = Date.now() - started;
      machineAfter = machineCpuMs();
      serverAfter = processCpuMs(server.pid);
      rss = peakRssMb(server.pid);
      process.stderr.write('\n');
    } finally {
      await server.stop();
    }
    if (job.state !== 'succeeded') throw new Error(`the import ${job.state}: ${job.error}`);

    process.stderr.write('  COPY of the same file into a plain table\n');
    await sql.raw(`CREATE TABLE import_ceiling (${COLUMNS.map((c) => `${c} text`).join(', ')})`).execute(database.db);
    const copyStarted = Date.now();
    await sql.raw(`COPY import_ceiling FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`).execute(database.db);
    const copyMs = Date.now() - copyStarted;

    const { rows: [check] } = await sql<{ contacts: string; duplicates: string; imported: string }>`
      SELECT (SELECT count(*) FROM contacts) AS contacts,
             (SELECT count(*) FROM (SELECT email_normalized FROM contacts WHERE email_normalized IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d) AS duplicates,
             (SELECT count(*) FROM events WHERE type = 'contact.imported') AS imported`.execute(database.db);

    process.stderr.write('  the set-based floor: the same rows written by SQL alone, then rolled back\n');
    const floor = await setBasedFloor(database.db, user.id);

    const result = job.result!;
    const jobMs = Date.parse(job.finished_at!) - Date.parse(job.started_at!);
    const ourRate = rows / (ms / 1000);
    const copyRate = rows / (copyMs / 1000);
    const cpus = os.cpus();
    console.log(`\nimport benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; database: ${database.description}`);
    console.log(`file: ${rows.toLocaleString('en-US')} rows, 20 columns, ${megabytes.toFixed(0)} MB; database before: ${contacts.toLocaleString('en-US')} contacts\n`);
    printTable(['phase', 'rows', 'seconds', 'rows/s'], [
      ['POST /api/v1/imports -> job succeeded', rows.toLocaleString('en-US'), (ms / 1000).toFixed(1), formatRate(ourRate)],
      ['  of which the job (started -> finished)', rows.toLocaleString('en-US'), (jobMs / 1000).toFixed(1), formatRate(rows / (jobMs / 1000))],
      ['COPY into a plain table (ceiling)', rows.toLocaleString('en-US'), (copyMs / 1000).toFixed(1), formatRate(copyRate)],
      ['set-based SQL into contacts, no Node (floor)', rows.toLocaleString('en-US'), (floor.ms / 1000).toFixed(1), formatRate(rows / (floor.ms / 1000))],
    ]);
    console.log(`\ninserted ${result.inserted}, updated ${result.updated}, skipped ${result.skipped}, failed ${result.failed}; contacts now ${check.contacts}, emails held twice ${check.duplicates}, imported events ${check.imported}`);
    console.log(`rate: ${formatRate(ourRate)} rows/s (target >= ${formatRate(TARGET_RATE)}${ourRate >= TARGET_RATE ? ', met' : ', NOT met'})`);
    console.log(`import / COPY: ${formatPercent(ourRate / copyRate)} (target >= ${formatPercent(TARGET_RATIO)}${ourRate / copyRate >= TARGET_RATIO ? ', met' : ', NOT met'})`);
    console.log(`import / set-based floor: ${formatPercent(ourRate / (rows / (floor.ms / 1000)))}${floor.cpuMs === null ? '' : `; the floor's CPU per row: ${((floor.cpuMs * 1000) / rows).toFixed(0)} µs`}`);
    if (machineBefore && machineAfter && serverBefore !== null && serverAfter !== null) {
      const perRow = (msCpu: number) => `${((msCpu * 1000) / rows).toFixed(0)} µs`;
      const busy = machineAfter.busy - machineBefore.busy;
      const server = serverAfter! - serverBefore!;
      console.log(`CPU per row: ${perRow(busy)} on the whole machine, of which the server process ${perRow(server)} and the rest (PostgreSQL, mostly) ${perRow(busy - server)}; disk wait ${perRow(machineAfter.iowait - machineBefore.iowait)} of core time`);
      console.log(`  (${os.cpus().length} cores at ${formatRate(TARGET_RATE)} rows/s leave ${((os.cpus().length * 1e6) / TARGET_RATE).toFixed(0)} µs of CPU a row)`);
    }
    console.log(`server peak RSS: ${rss.toFixed(0)} MB (target < ${TARGET_RSS_MB} MB${rss < TARGET_RSS_MB ? ', met' : ', NOT met'})`);
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
