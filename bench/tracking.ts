/**
 * `npm run bench -- tracking`: page views per second through the script's endpoint
 * (POST /mtc/event) and the pixel (GET /mtracking.gif), sent as browsers send them by concurrent
 * visitors of whom 70% come back with the device cookie they were given, against a bare Fastify
 * route answering the same GIF in the same run. Afterwards every 200 answer must have its
 * page.hit row. What each figure means: docs/benchmarks.md.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { prepareDatabase } from './lib/database.js';
import { httpClient, type HttpAnswer, type HttpClient } from './lib/http.js';
import { measureTakingTurns } from './lib/load.js';
import { parseBenchArgs, type LoadSettings } from './lib/options.js';
import { formatMs, formatPercent, formatRate, printTable } from './lib/print.js';
import { printRunHeader, verdict } from './lib/report.js';
import { startChildProcess, startServerProcess } from './lib/server.js';
import { summarise, type PhaseStats } from './lib/stats.js';

const TARGET_RATIO = 0.25;
const TARGET_P99_MS = 50;
const RETURNING_SHARE = 0.7;
const BARE = 'bare Fastify GIF route (baseline)';
const EVENT = 'HTTP POST /mtc/event';
const PIXEL = 'HTTP GET /mtracking.gif';
const BARE_ENTRY = fileURLToPath(new URL('./lib/bare-gif-process.ts', import.meta.url));

/** The site the visitors browse; no valid-domains list is set, so any origin is tracked. */
const SITE = 'https://www.example.com';
const PAGES = [
  ['/', 'Example – Home'], ['/pricing', 'Pricing – Example'], ['/features', 'Features – Example'], ['/contact', 'Contact us – Example'],
  ['/blog/shipping-faster', 'How we ship faster – Example blog'], ['/blog/pricing-update', 'Our new plans – Example blog'], ['/docs/getting-started', 'Getting started – Example docs'],
] as const;
/** What a browser's <img> asks for. */
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/*;q=0.8,*/*;q=0.5';
const REFERRERS = ['', '', 'https://www.google.com/', 'https://www.bing.com/', 'https://news.ycombinator.com/', `${SITE}/`];
// Current desktop and mobile browsers: none is a bot, so every visit may be tracked.
const BROWSERS = [
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', resolution: '1920x1080', language: 'en-US', timezone: 'America/New_York', offset: 300 },
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', resolution: '1512x982', language: 'en-GB', timezone: 'Europe/London', offset: 0 },
  { ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', resolution: '2560x1440', language: 'de-DE', timezone: 'Europe/Berlin', offset: -60 },
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', resolution: '390x844', language: 'fr-FR', timezone: 'Europe/Paris', offset: -60 },
  { ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', resolution: '412x915', language: 'es-ES', timezone: 'Europe/Madrid', offset: -60 },
] as const;

interface Device {
  readonly deviceId: string;
  readonly contactId: number;
  readonly browser: (typeof BROWSERS)[number];
}

/** One page view: what the script posts (and the pixel carries in its query), and the request's headers. */
interface Visit {
  readonly device?: Device;
  readonly params: URLSearchParams;
  readonly headers: Record<string, string>;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

/**
 * The visitors: a returning one is a random device an earlier answer gave out (from either
 * endpoint), sending its cookie back; a new one has none and gets a device from the answer.
 */
class Visitors {
  private readonly devices: Device[] = [];
  returning = 0;
  new = 0;

  /** `counted` false: a visit to the bare route, not one the tracking endpoints received. */
  next(counted = true): Visit {
    const device = this.devices.length > 0 && Math.random() < RETURNING_SHARE ? pick(this.devices) : undefined;
    if (counted && device) this.returning++;
    else if (counted) this.new++;
    const browser = device?.browser ?? pick(BROWSERS);
    const [path, title] = pick(PAGES);
    const pageUrl = `${SITE}${path}`;
    const params = new URLSearchParams({
      page_title: title, page_language: browser.language, page_referrer: pick(REFERRERS), page_url: pageUrl,
      counter: String(Math.floor(Math.random() * 4)), timezone_offset: String(browser.offset), resolution: browser.resolution, timezone: browser.timezone,
    });
    // The script also sends the id it keeps in local storage.
    if (device) params.set('mautic_device_id', device.deviceId);
    const headers: Record<string, string> = { 'user-agent': browser.ua, 'accept-language': `${browser.language},en;q=0.8`, referer: pageUrl };
    if (device) headers.cookie = `mautic_device_id=${device.deviceId}; mtc_id=${device.contactId}`;
    return { device, params, headers };
  }

  remember(visit: Visit, deviceId: string, contactId: number) {
    if (visit.device) {
      if (deviceId !== visit.device.deviceId) throw new Error(`a returning device (${visit.device.deviceId}) came back as another (${deviceId})`);
      return;
    }
    this.devices.push({ deviceId, contactId, browser: BROWSERS.find((b) => b.ua === visit.headers['user-agent'])! });
  }

  get size() {
    return this.devices.length;
  }
}

/** 200 answers of a tracking endpoint, and those among them that say nothing was tracked. */
interface Answered {
  ok: number;
  untracked: number;
  reasons: Set<string>;
}

const cookieValue = (answer: HttpAnswer, name: string) => {
  const cookies = answer.headers['set-cookie'] ?? [];
  for (const cookie of cookies) if (cookie.startsWith(`${name}=`)) return decodeURIComponent(cookie.slice(name.length + 1).split(';')[0]);
  return undefined;
};

function expectOk(answer: HttpAnswer, what: string) {
  if (answer.status !== 200) throw new Error(`${what} answered ${answer.status}, not 200: ${answer.body.slice(0, 300)}`);
}

/** The operations the phases repeat, and what they counted. */
function operations(server: HttpClient, bare: HttpClient) {
  const visitors = new Visitors();
  const answered: Record<typeof EVENT | typeof PIXEL, Answered> = {
    [EVENT]: { ok: 0, untracked: 0, reasons: new Set() },
    [PIXEL]: { ok: 0, untracked: 0, reasons: new Set() },
  };

  const event = async () => {
    const visit = visitors.next();
    const answer = await server.request('POST', '/mtc/event', visit.params.toString(), {
      ...visit.headers, 'content-type': 'application/x-www-form-urlencoded', origin: SITE, 'x-requested-with': 'XMLHttpRequest', accept: '*/*',
    });
    expectOk(answer, 'POST /mtc/event');
    answered[EVENT].ok++;
    const body = JSON.parse(answer.body) as { tracked: boolean; id: number | null; device_id: string | null; reason?: string };
    if (!body.tracked || body.id === null || !body.device_id) {
      answered[EVENT].untracked++;
      answered[EVENT].reasons.add(body.reason ?? 'unknown');
      return;
    }
    visitors.remember(visit, body.device_id, body.id);
  };

  const pixel = async () => {
    const visit = visitors.next();
    const answer = await server.request('GET', `/mtracking.gif?${visit.params.toString()}`, undefined, { ...visit.headers, accept: IMAGE_ACCEPT });
    expectOk(answer, 'GET /mtracking.gif');
    answered[PIXEL].ok++;
    // The pixel answers its GIF whatever happens: only the cookies tell a tracked hit.
    const deviceId = cookieValue(answer, 'mautic_device_id');
    const contactId = Number(cookieValue(answer, 'mtc_id'));
    if (!deviceId || !Number.isInteger(contactId)) {
      answered[PIXEL].untracked++;
      answered[PIXEL].reasons.add('no tracking cookie in the answer');
      return;
    }
    visitors.remember(visit, deviceId, contactId);
  };

  // The same requests as the pixel's, visitors included; the bare route keeps no devices.
  const baseline = async () => {
    const visit = visitors.next(false);
    expectOk(await bare.request('GET', `/mtracking.gif?${visit.params.toString()}`, undefined, { ...visit.headers, accept: IMAGE_ACCEPT }), 'the bare route');
  };

  return { event, pixel, baseline, visitors, answered };
}

interface Phase {
  readonly name: string;
  readonly stats: PhaseStats;
}

interface Counted {
  readonly pageHits: number;
  readonly devices: number;
  readonly contacts: number;
  /** Transactions that wrote page.hit rows: the hit writer's group commits. */
  readonly writes: number;
}

function report(settings: LoadSettings, database: string, phases: Phase[], ops: ReturnType<typeof operations>, counted: Counted) {
  printRunHeader('tracking', database, settings, `${settings.seconds} s per phase, in turns, after ${settings.warmupSeconds} s of warm-up; ${formatPercent(RETURNING_SHARE)} returning visitors`);
  const bare = phases.find((p) => p.name === BARE)!.stats.perSecond;
  printTable(['phase', 'requests', 'req/s', 'of bare', 'p50 ms', 'p99 ms'], phases.map(({ name, stats }) => [
    name, stats.operations.toLocaleString('en-US'), formatRate(stats.perSecond), formatPercent(stats.perSecond / bare), formatMs(stats.p50Ms), formatMs(stats.p99Ms),
  ]));
  console.log('');
  for (const name of [EVENT, PIXEL]) {
    const { stats } = phases.find((p) => p.name === name)!;
    const ratio = stats.perSecond / bare;
    console.log(`${name}: ${formatPercent(ratio)} of the bare route (target >= ${formatPercent(TARGET_RATIO)}, ${verdict(ratio >= TARGET_RATIO)}); `
      + `p99 ${formatMs(stats.p99Ms)} ms (target < ${TARGET_P99_MS} ms, ${verdict(stats.p99Ms < TARGET_P99_MS)})`);
  }

  const { answered, visitors } = ops;
  const ok = answered[EVENT].ok + answered[PIXEL].ok;
  const lost = ok - counted.pageHits;
  console.log(`\n200 answers of the tracking endpoints, warm-up included: ${ok.toLocaleString('en-US')} (${EVENT} ${answered[EVENT].ok.toLocaleString('en-US')}, ${PIXEL} ${answered[PIXEL].ok.toLocaleString('en-US')})`);
  console.log(`page.hit rows in the database: ${counted.pageHits.toLocaleString('en-US')}`);
  console.log(`lost events (answers without a row): ${lost.toLocaleString('en-US')} (target 0, ${verdict(lost === 0)})`);
  console.log(`transactions that wrote them: ${counted.writes.toLocaleString('en-US')}, ${(counted.pageHits / counted.writes).toFixed(1)} hits per transaction on average (the writer's group commit)`);
  for (const name of [EVENT, PIXEL] as const) {
    const { untracked, reasons } = answered[name];
    if (untracked > 0) console.log(`  ${name}: ${untracked.toLocaleString('en-US')} answers tracked nothing (${[...reasons].join(', ')})`);
  }
  const visits = visitors.returning + visitors.new;
  console.log(`visits sent: ${visits.toLocaleString('en-US')}, ${formatPercent(visitors.returning / visits)} returning; devices given out ${visitors.size.toLocaleString('en-US')}, `
    + `in the database ${counted.devices.toLocaleString('en-US')} (contacts ${counted.contacts.toLocaleString('en-US')})`);
}

export async function run(args: readonly string[]): Promise<void> {
  const { load, values } = parseBenchArgs(args, { 'cpu-prof': { type: 'string' } }, { concurrency: 100 });
  const profileDir = values['cpu-prof'];
  process.stderr.write('tracking: preparing the database and the servers\n');
  const database = await prepareDatabase();
  let phases: Phase[] = [];
  let ops: ReturnType<typeof operations>;
  let counted: Counted;
  try {
    // Loopback clients are private addresses, which are not tracked out of the box.
    const server = await startServerProcess(database.url, typeof profileDir === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [], { env: { TRACK_PRIVATE_IPS: 'true' } });
    const bareServer = await startChildProcess(BARE_ENTRY, {});
    const http = httpClient(server.url, {}, load.concurrency);
    const bare = httpClient(bareServer.url, {}, load.concurrency);
    try {
      ops = operations(http, bare);
      // A run that tracks nothing measures nothing: say why at once.
      await ops.event();
      if (ops.answered[EVENT].untracked > 0) throw new Error(`POST /mtc/event tracked nothing (${[...ops.answered[EVENT].reasons].join(', ')})`);
      process.stderr.write(`  ${BARE}, ${EVENT}, ${PIXEL} ...\n`);
      const results = await measureTakingTurns(load, [ops.baseline, ops.event, ops.pixel]);
      phases = [BARE, EVENT, PIXEL].map((name, i) => ({ name, stats: summarise(results[i]) }));
    } finally {
      http.close();
      bare.close();
      // Stopping the server drains its writer: every answered hit is committed by then anyway.
      await Promise.all([server.stop(), bareServer.stop()]);
    }
    // Rows inserted by one transaction share its id (xmin), and nothing here updates events.
    const { rows } = await sql<{ page_hits: string; writes: string; devices: string; contacts: string }>`
      SELECT (SELECT count(*) FROM events WHERE type = 'page.hit') AS page_hits,
             (SELECT count(DISTINCT xmin::text) FROM events WHERE type = 'page.hit') AS writes,
             (SELECT count(*) FROM devices) AS devices,
             (SELECT count(*) FROM contacts) AS contacts`.execute(database.db);
    counted = { pageHits: Number(rows[0].page_hits), writes: Number(rows[0].writes), devices: Number(rows[0].devices), contacts: Number(rows[0].contacts) };
  } finally {
    await database.close();
  }
  report(load, database.description, phases, ops, counted);
  if (typeof profileDir === 'string') console.log(`\nServer CPU profile written to ${profileDir}/ (open it in Chrome DevTools or speedscope)`);
}
