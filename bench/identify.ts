/**
 * `npm run bench -- identify`: visitors identifying themselves by email
 * (POST /api/v1/visitors/identify) per second, requests alternating between two server
 * processes on one PostgreSQL, 20% of them with an email another device sent a moment before.
 * Afterwards no email may be held by two live contacts. What each figure means: docs/benchmarks.md.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { newDeviceId } from '../src/identity/devices.js';
import { writeBatch, type Hit } from '../src/tracking/writer.js';
import { createToken } from '../src/tokens/service.js';
import { createUser } from '../src/users/service.js';
import { prepareDatabase, type BenchDatabase } from './lib/database.js';
import { httpClient, type HttpClient } from './lib/http.js';
import { interruption, runLoad } from './lib/load.js';
import { parseBenchArgs, type LoadSettings } from './lib/options.js';
import { formatMs, formatPercent, formatRate, printTable } from './lib/print.js';
import { printRunHeader, verdict } from './lib/report.js';
import { startServerProcess, type ServerProcess } from './lib/server.js';
import { summarise, type PhaseStats } from './lib/stats.js';

const TARGET_RATE = 2_000;
const REPEAT_SHARE = 0.2;
/**
 * A repeated email is one of the last REPEAT_WINDOW new ones: with 50 callers, often one whose
 * first identification is still in flight, on the other process half the time.
 */
const REPEAT_WINDOW = 100;
const IDENTIFY = 'HTTP POST /api/v1/visitors/identify';
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PREPARE_BATCH = 500;

const FIRST_NAMES = ['anna', 'ben', 'chloe', 'david', 'elif', 'farid', 'greta', 'hiro', 'ines', 'jonas', 'karin', 'luca', 'maya', 'nils', 'olga', 'pedro'];
const LAST_NAMES = ['muller', 'smith', 'rossi', 'garcia', 'nowak', 'dubois', 'jansen', 'kowalski', 'yilmaz', 'silva', 'andersson', 'novak', 'tanaka'];

/**
 * Devices of visitors who browsed before identifying: each an anonymous contact with its
 * contact.created and page.hit events, written as tracking writes them (src/tracking/writer.ts).
 * Enough for the target rate over the whole run; past them, first-visit devices are used.
 */
async function prepareVisitors(database: BenchDatabase, count: number): Promise<string[]> {
  const deviceIds = Array.from({ length: count }, () => newDeviceId());
  for (let start = 0; start < count; start += PREPARE_BATCH) {
    if (interruption.signal.aborted) throw new Error('interrupted');
    const hits: Hit[] = deviceIds.slice(start, start + PREPARE_BATCH).map((deviceId, i) => ({
      deviceId,
      at: new Date(),
      userAgent: USER_AGENT,
      device: { deviceType: 'desktop', browser: 'Chrome', os: 'Windows' },
      events: [{ type: 'page.hit', data: { url: `https://www.example.com/pricing?v=${start + i}`, title: 'Pricing', device_id: deviceId } }],
    }));
    await database.db.transaction().execute((trx) => writeBatch(trx, hits));
  }
  return deviceIds;
}

/** The emails the callers send: 80% new, 20% a recent one again, in another spelling half the time. */
class Emails {
  private readonly issued: string[] = [];
  repeats = 0;

  next(): string {
    if (this.issued.length >= REPEAT_WINDOW && Math.random() < REPEAT_SHARE) {
      this.repeats++;
      const email = this.issued[this.issued.length - 1 - Math.floor(Math.random() * REPEAT_WINDOW)];
      // Emails match whatever their case and surrounding spaces (docs/identity.md).
      return this.repeats % 2 === 0 ? email : ` ${email[0].toUpperCase()}${email.slice(1).replace('@example.com', '@Example.COM')} `;
    }
    const n = this.issued.length;
    const email = `${FIRST_NAMES[n % FIRST_NAMES.length]}.${LAST_NAMES[(n * 7) % LAST_NAMES.length]}.${n}@example.com`;
    this.issued.push(email);
    return email;
  }

  get distinct() {
    return this.issued.length;
  }
}

interface IdentifyAnswer {
  readonly contact: { id: number; email: string | null };
  readonly device_id: string;
  readonly outcome?: string;
}

function operation(clients: readonly HttpClient[], prepared: readonly string[]) {
  const emails = new Emails();
  const outcomes = new Map<string, number>();
  const tally = { sent: 0, ok: 0, firstVisits: 0, wrongContact: 0 };

  const identify = async () => {
    const n = tally.sent++;
    const deviceId = prepared[n] ?? newDeviceId();
    if (n >= prepared.length) tally.firstVisits++;
    const email = emails.next();
    const client = clients[n % clients.length];
    const answer = await client.request('POST', '/api/v1/visitors/identify', JSON.stringify({ device_id: deviceId, fields: { email } }));
    if (answer.status !== 200) throw new Error(`POST /api/v1/visitors/identify answered ${answer.status}, not 200: ${answer.body.slice(0, 300)}`);
    tally.ok++;
    const body = JSON.parse(answer.body) as IdentifyAnswer;
    const outcome = body.outcome ?? 'none';
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    if (body.device_id !== deviceId || body.contact.email?.trim().toLowerCase() !== email.trim().toLowerCase()) tally.wrongContact++;
  };
  return { identify, emails, outcomes, tally };
}

interface Counted {
  /** Emails held by more than one live contact, and the contacts beyond the first for each. */
  readonly duplicatedEmails: number;
  readonly duplicateContacts: number;
  readonly liveWithEmail: number;
  readonly merges: number;
}

async function count(database: BenchDatabase): Promise<Counted> {
  const { rows } = await sql<{ duplicated_emails: string; duplicate_contacts: string; live_with_email: string; merges: string }>`
    SELECT
      (SELECT count(*) FROM (SELECT 1 FROM contacts WHERE merged_into IS NULL AND email_normalized IS NOT NULL GROUP BY email_normalized HAVING count(*) > 1) d) AS duplicated_emails,
      (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM contacts WHERE merged_into IS NULL AND email_normalized IS NOT NULL GROUP BY email_normalized) d) AS duplicate_contacts,
      (SELECT count(*) FROM contacts WHERE merged_into IS NULL AND email_normalized IS NOT NULL) AS live_with_email,
      (SELECT count(*) FROM merges) AS merges`.execute(database.db);
  const row = rows[0];
  return {
    duplicatedEmails: Number(row.duplicated_emails), duplicateContacts: Number(row.duplicate_contacts),
    liveWithEmail: Number(row.live_with_email), merges: Number(row.merges),
  };
}

function report(settings: LoadSettings, database: string, stats: PhaseStats, op: ReturnType<typeof operation>, counted: Counted, prepared: number) {
  printRunHeader('identify', database, settings, `two server processes, requests alternating; ${settings.seconds} s measured in one go after ${settings.warmupSeconds} s of warm-up; `
    + `${formatPercent(REPEAT_SHARE)} of emails repeated from the last ${REPEAT_WINDOW}`);
  printTable(['phase', 'requests', 'req/s', 'p50 ms', 'p99 ms'], [[
    IDENTIFY, stats.operations.toLocaleString('en-US'), formatRate(stats.perSecond), formatMs(stats.p50Ms), formatMs(stats.p99Ms),
  ]]);
  const { tally, emails, outcomes } = op;
  console.log(`\nrate: ${formatRate(stats.perSecond)} identifications/s (target >= ${formatRate(TARGET_RATE)}, ${verdict(stats.perSecond >= TARGET_RATE)})`);
  console.log(`duplicates: ${counted.duplicateContacts.toLocaleString('en-US')} live contacts beyond the first on ${counted.duplicatedEmails.toLocaleString('en-US')} emails (target 0, ${verdict(counted.duplicateContacts === 0)})`);
  console.log(`\nidentifications answered 200, warm-up included: ${tally.ok.toLocaleString('en-US')}; repeated emails ${emails.repeats.toLocaleString('en-US')} (${formatPercent(emails.repeats / tally.sent)})`);
  console.log(`outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([outcome, n]) => `${outcome} ${n.toLocaleString('en-US')}`).join(', ')}`);
  console.log(`merges recorded: ${counted.merges.toLocaleString('en-US')}`);
  console.log(`distinct emails sent ${emails.distinct.toLocaleString('en-US')}, live contacts with an email ${counted.liveWithEmail.toLocaleString('en-US')}`);
  console.log(`devices: ${prepared.toLocaleString('en-US')} prepared anonymous visitors, ${tally.firstVisits.toLocaleString('en-US')} identifications from first-visit devices past them`);
  if (tally.wrongContact > 0) console.log(`answers naming another device or a contact without the email sent: ${tally.wrongContact.toLocaleString('en-US')}`);
}

export async function run(args: readonly string[]): Promise<void> {
  const { load, values } = parseBenchArgs(args, { 'cpu-prof': { type: 'string' } });
  const profileDir = values['cpu-prof'];
  const nodeArgs = typeof profileDir === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const visitors = Math.ceil((load.warmupSeconds + load.seconds) * TARGET_RATE);
  process.stderr.write(`identify: preparing the database, ${visitors.toLocaleString('en-US')} anonymous visitors and two servers\n`);
  const database = await prepareDatabase();
  let stats: PhaseStats;
  let op: ReturnType<typeof operation>;
  let counted: Counted;
  try {
    const user = await createUser(database.db, { username: 'bench', password: randomBytes(18).toString('base64url'), role: 'admin' });
    const { secret } = await createToken(database.db, user.id, 'bench');
    const prepared = await prepareVisitors(database, visitors);
    const servers: ServerProcess[] = [];
    const clients: HttpClient[] = [];
    try {
      for (let i = 0; i < 2; i++) servers.push(await startServerProcess(database.url, nodeArgs));
      for (const server of servers) clients.push(httpClient(server.url, { authorization: `Bearer ${secret}`, 'user-agent': 'contactbase-bench' }, load.concurrency));
      op = operation(clients, prepared);
      process.stderr.write(`  ${IDENTIFY} ...\n`);
      // One phase, nothing to take turns with: one measured stretch, so that answers slower than
      // a short slice still count (an operation counts only if it ends within its stretch).
      await runLoad(load.concurrency, load.warmupSeconds, op.identify);
      stats = summarise(await runLoad(load.concurrency, load.seconds, op.identify));
    } finally {
      for (const client of clients) client.close();
      await Promise.all(servers.map((server) => server.stop()));
    }
    counted = await count(database);
  } finally {
    await database.close();
  }
  report(load, database.description, stats, op, counted, visitors);
  if (typeof profileDir === 'string') console.log(`\nThe two servers' CPU profiles written to ${profileDir}/ (open them in Chrome DevTools or speedscope)`);
}
