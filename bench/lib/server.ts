import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The child's process id, e.g. to read its CPU time. */
  readonly pid: number;
  /** The server's database pool size (DATABASE_POOL_SIZE, default 20). */
  readonly poolSize: number;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /**
   * Environment presets for the server, e.g. { TRACK_PRIVATE_IPS: 'true' }: the child gets them
   * in its environment and uses them, and only them, for its configuration and settings.
   */
  readonly env?: Readonly<Record<string, string>>;
}

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const STOP_TIMEOUT_MS = 10_000;

/** The options `npm start` gives node (package.json), e.g. its heap cap: the server runs as it would there. */
function startNodeOptions(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  const start = /\bnode ((?:--\S+ )*)--import tsx src\/main\.ts/.exec(scripts.start);
  if (!start) throw new Error('package.json\'s start script no longer runs `node ... --import tsx src/main.ts`: update bench/lib/server.ts');
  return start[1].split(' ').filter(Boolean);
}

/**
 * Starts the real server (bench/lib/server-process.ts) in a child process on `databaseUrl`.
 * `nodeArgs` go to the child's node, e.g. ['--cpu-prof', '--cpu-prof-dir=profiles'].
 */
export function startServerProcess(databaseUrl: string, nodeArgs: readonly string[] = [], options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const presets = options.env ?? {};
  return startChildProcess(ENTRY, { ...presets, BENCH_DATABASE_URL: databaseUrl, BENCH_SERVER_ENV: JSON.stringify(presets) }, nodeArgs);
}

/**
 * Starts `entry` (a TypeScript module run through tsx) in a child process with `env` added to
 * this one's. The child listens on loopback, prints {"port":N,"pool":N} as its first line on
 * stdout, and stops on SIGTERM or when its stdin closes; see server-process.ts.
 */
export async function startChildProcess(entry: string, env: Readonly<Record<string, string>>, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...startNodeOptions(), ...nodeArgs, '--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const ready = await new Promise<{ port: number; pool: number }>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    void exited.then(() => reject(new Error(`the server process exited (code ${child.exitCode}) before listening`)));
  });

  return {
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid!,
    poolSize: ready.pool,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
