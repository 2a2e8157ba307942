/**
 * `npm run bench -- api`: contacts created and fetched per second over HTTP by concurrent
 * clients, against a ceiling measured in the same run: the same INSERT and SELECT sent straight
 * through pg with the same concurrency and pool size. In between, the same services called in
 * this process show what HTTP costs apart from the SQL. What each figure means: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import * as contacts from '../src/contacts/service.js';
import { createContext } from '../src/context.js';
import { createDb, type Db } from '../src/db/database.js';
import type { AppContext } from '../src/http/app.js';
import { createToken } from '../src/tokens/service.js';
import { createUser } from '../src/users/service.js';
import { prepareDatabase } from './lib/database.js';
import { httpClient, type HttpClient } from './lib/http.js';
import { measureTakingTurns } from './lib/load.js';
import { parseBenchArgs, type LoadSettings } from './lib/options.js';
import { formatMs, formatPercent, formatRate, printTable } from './lib/print.js';
import { startServerProcess } from './lib/server.js';
import { summarise, type PhaseStats } from './lib/stats.js';

const TARGET_RATIO = 0.5;
const HTTP_CREATE = 'HTTP POST /api/v1/contacts';
const PG_INSERT = 'pg INSERT ... RETURNING * (ceiling)';
const HTTP_GET = 'HTTP GET /api/v1/contacts/:id';
const PG_SELECT = 'pg SELECT * WHERE id = $1 (ceiling)';

const FIRST_NAMES = ['Anna', 'Ben', 'Chloé', 'David', 'Elif', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Karin', 'Luca', 'Maya', 'Nils', 'Olga', 'Pedro'];
const LAST_NAMES = ['Müller', 'Smith', 'Rossi', 'García', 'Nowak', 'Dubois', 'Jansen', 'Kowalski', 'Yılmaz', 'Silva', 'Andersson', 'Novák', 'Tanaka'];
const COMPANIES = ['Acme GmbH', 'Globex Ltd', 'Initech', 'Umbrella SA', 'Stark Industries', 'Wayne Enterprises', 'Hooli', 'Vandelay Import Export'];
const PLACES = [
  ['Berlin', 'Germany'], ['Paris', 'France'], ['Madrid', 'Spain'], ['Milan', 'Italy'], ['Warsaw', 'Poland'],
  ['Amsterdam', 'Netherlands'], ['Lisbon', 'Portugal'], ['Stockholm', 'Sweden'], ['Prague', 'Czechia'], ['Osaka', 'Japan'],
] as const;

interface ContactValues {
  readonly firstname: string;
  readonly lastname: string;
  readonly email: string;
  readonly company: string;
  readonly city: string;
  readonly country: string;
}

/** The n-th contact of a series; the series letter keeps emails distinct between phases. */
function contactValues(series: string, n: number): ContactValues {
  const firstname = FIRST_NAMES[n % FIRST_NAMES.length];
  const lastname = LAST_NAMES[(n * 7) % LAST_NAMES.length];
  const [city, country] = PLACES[(n * 3) % PLACES.length];
  return {
    firstname,
    lastname,
    email: `${firstname}.${lastname}.${series}${n}@example.com`.normalize('NFD').replace(/[^\x20-\x7e]/g, '').toLowerCase(),
    company: COMPANIES[(n * 5) % COMPANIES.length],
    city,
    country,
  };
}

// What the HTTP create inserts (src/contacts/service.ts createContact): the fields sent, the
// defaults of the fields not sent (points), the identity columns and the creator.
const INSERT = `INSERT INTO contacts (firstname, lastname, email, company, city, country, points, anonymous, identified_at, created_by, custom)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`;
const SELECT = 'SELECT * FROM contacts WHERE id = $1';

const insertParameters = (values: ContactValues, createdBy: number) => [
  values.firstname, values.lastname, values.email, values.company, values.city, values.country, 0, false, new Date(), createdBy, '{}',
];

function expectStatus(answer: { status: number; body: string }, status: number, what: string) {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, not ${status}: ${answer.body.slice(0, 300)}`);
}

interface Phase {
  readonly name: string;
  readonly stats: PhaseStats;
}

/** What each phase drives: the server over HTTP, its services in this process, or PostgreSQL. */
interface Targets {
  readonly http: HttpClient;
  readonly ctx: AppContext;
  readonly pool: pg.Pool;
  readonly userId: number;
}

async function measure(load: LoadSettings, { http, ctx, pool, userId }: Targets): Promise<Phase[]> {
  const phases: Phase[] = [];
  const compare = async (operations: Record<string, () => Promise<unknown>>) => {
    process.stderr.write(`  ${Object.keys(operations).join(', ')} ...\n`);
    const results = await measureTakingTurns(load, Object.values(operations));
    Object.keys(operations).forEach((name, i) => phases.push({ name, stats: summarise(results[i]) }));
  };
  const ids: number[] = [];
  const randomId = () => ids[Math.floor(Math.random() * ids.length)];
  let n = 0;

  await compare({
    [HTTP_CREATE]: async () => {
      const answer = await http.request('POST', '/api/v1/contacts', JSON.stringify(contactValues('h', n++)));
      expectStatus(answer, 201, 'POST /api/v1/contacts');
      ids.push((JSON.parse(answer.body) as { contact: { id: number } }).contact.id);
    },
    'service createContact (no HTTP)': async () => {
      const [fields, settings] = await Promise.all([ctx.fields.load(ctx.db), ctx.settings.load(ctx.db)]);
      await contacts.createContact(ctx.db, fields, settings, contactValues('s', n++), userId);
    },
    [PG_INSERT]: () => pool.query(INSERT, insertParameters(contactValues('p', n++), userId)),
  });

  // Reads spread over the contacts the HTTP phase created, the same ones on every path.
  await compare({
    [HTTP_GET]: async () => {
      const id = randomId();
      expectStatus(await http.request('GET', `/api/v1/contacts/${id}`), 200, `GET /api/v1/contacts/${id}`);
    },
    'service getContact (no HTTP)': () => contacts.getContact(ctx.db, randomId()),
    [PG_SELECT]: async () => {
      const { rowCount } = await pool.query(SELECT, [randomId()]);
      if (rowCount !== 1) throw new Error('SELECT found no contact');
    },
  });
  return phases;
}

/** The commit measured, e.g. "a1b2c3d" or "a1b2c3d + changes in src/", when git can tell. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? ' + changes in src/' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** Creates per transaction of the create writer, by phase: contacts sharing an `xmin` were written together. */
async function createsPerTransaction(db: Db): Promise<Record<'http' | 'service', number>> {
  const { rows } = await sql<{ series: string; contacts: string; transactions: string }>`
    SELECT substring(email from '[.]([hs])[0-9]+@example[.]com$') AS series, count(*) AS contacts, count(DISTINCT xmin::text) AS transactions
    FROM contacts WHERE email ~ '[.][hs][0-9]+@example[.]com$' GROUP BY 1`.execute(db);
  const ratio = (series: string) => {
    const row = rows.find((r) => r.series === series);
    return row ? Number(row.contacts) / Number(row.transactions) : Number.NaN;
  };
  return { http: ratio('h'), service: ratio('s') };
}

function report(settings: LoadSettings, database: string, phases: Phase[], batches: Record<'http' | 'service', number>) {
  const cpus = os.cpus();
  console.log(`\napi benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${revision()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}; database: ${database}`);
  console.log(`${settings.concurrency} concurrent clients; ${settings.seconds} s per phase, in turns with the phases it is compared with, after ${settings.warmupSeconds} s of warm-up\n`);
  printTable(['phase', 'requests', 'req/s', 'p50 ms', 'p99 ms'], phases.map(({ name, stats }) => [
    name, stats.operations.toLocaleString('en-US'), formatRate(stats.perSecond), formatMs(stats.p50Ms), formatMs(stats.p99Ms),
  ]));
  const rate = (name: string) => phases.find((p) => p.name === name)?.stats.perSecond ?? Number.NaN;
  console.log('');
  for (const [label, ratio] of [['HTTP create / pg insert', rate(HTTP_CREATE) / rate(PG_INSERT)], ['HTTP get / pg select', rate(HTTP_GET) / rate(PG_SELECT)]] as const) {
    console.log(`${label}: ${formatPercent(ratio).padStart(4)}  (target >= ${formatPercent(TARGET_RATIO)}${ratio >= TARGET_RATIO ? ', met' : ', NOT met'})`);
  }
  console.log(`creates per transaction (group commit): ${batches.http.toFixed(1)} over HTTP, ${batches.service.toFixed(1)} in the service phase`);
}

export async function run(args: readonly string[]): Promise<void> {
  const { load, values } = parseBenchArgs(args, { 'cpu-prof': { type: 'string' } });
  const profileDir = values['cpu-prof'];
  process.stderr.write('api: preparing the database and the server\n');
  const database = await prepareDatabase();
  let phases: Phase[];
  let batches: Record<'http' | 'service', number>;
  try {
    const user = await createUser(database.db, { username: 'bench', password: randomBytes(18).toString('base64url'), role: 'admin' });
    const { secret } = await createToken(database.db, user.id, 'bench');
    const server = await startServerProcess(database.url, typeof profileDir === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
    const http = httpClient(server.url, { authorization: `Bearer ${secret}` }, load.concurrency);
    // The in-process services and the ceiling get the server's pool size: as many connections to work with.
    const ctx = createContext(createDb(database.url, server.poolSize), loadConfig({ DATABASE_URL: database.url }), {});
    const pool = new pg.Pool({ connectionString: database.url, max: server.poolSize });
    pool.on('error', () => {}); // an idle connection closed by the server (e.g. on Ctrl-C) is no crash
    try {
      phases = await measure(load, { http, ctx, pool, userId: user.id });
    } finally {
      http.close();
      await Promise.all([ctx.db.destroy(), pool.end()]);
      await server.stop();
    }
    batches = await createsPerTransaction(database.db);
  } finally {
    await database.close();
  }
  report(load, database.description, phases, batches);
  if (typeof profileDir === 'string') console.log(`\nServer CPU profile written to ${profileDir}/ (open it in Chrome DevTools or speedscope)`);
}
