/**
 * Builds the admin UI (src/web/client) with Vite into dist/web when it is missing or older than
 * its sources. `npm start` and `npm test` call it first; `npm run build` forces a build.
 *
 * Several processes may ask at once (tests and a server in one work tree): one builds under a
 * lock, into a temporary folder that replaces dist/web in one rename, so a running server never
 * sees half a build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlineConfig } from 'vite';
import { ROOT, WEB_CLIENT, WEB_DIST } from './paths.js';

const STAMP = '.built';
const LOCK = path.join(path.dirname(WEB_DIST), '.web-build.lock');
const STALE_LOCK_MS = 10 * 60_000;
/** Files outside the client that it imports. */
const SHARED_SOURCES = [path.join(ROOT, 'src/fields/countries.ts')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.includes('.timestamp-')) continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

function sourcesMtime(): number {
  return Math.max(newestMtime(WEB_CLIENT), ...SHARED_SOURCES.map((file) => fs.statSync(file).mtimeMs));
}

/** Why dist/web needs a build, or undefined when it is up to date. */
export function staleReason(): string | undefined {
  const stamp = fs.statSync(path.join(WEB_DIST, STAMP), { throwIfNoEntry: false });
  if (!stamp) return 'dist/web is missing';
  if (stamp.mtimeMs < sourcesMtime()) return 'src/web/client changed';
  return undefined;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > STALE_LOCK_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

async function viteBuild(outDir: string) {
  const { build } = await import('vite');
  const config = (await import(pathToFileURL(path.join(WEB_CLIENT, 'vite.config.ts')).href)).default as InlineConfig;
  await build({ ...config, configFile: false, logLevel: 'warn', build: { ...config.build, outDir, emptyOutDir: true } });
}

/** Builds dist/web; with `force`, even when it is up to date. Answers whether it built. */
export async function buildWeb({ force = false, log = console.log }: { force?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  if (!force && !staleReason()) return false;
  return withLock(async () => {
    const reason = force ? 'asked to' : staleReason();
    if (!reason) return false; // another process built it while we waited
    const started = Date.now();
    log(`Building the admin UI (${reason})...`);
    const tmp = `${WEB_DIST}.tmp-${process.pid}`;
    const old = `${WEB_DIST}.old-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    try {
      await viteBuild(tmp);
      fs.writeFileSync(path.join(tmp, STAMP), '');
      // Sources saved during the build are newer than this, so the next check rebuilds.
      fs.utimesSync(path.join(tmp, STAMP), new Date(started), new Date(started));
      if (fs.existsSync(WEB_DIST)) fs.renameSync(WEB_DIST, old);
      fs.renameSync(tmp, WEB_DIST);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(old, { recursive: true, force: true });
    }
    log(`Built the admin UI into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildWeb({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
