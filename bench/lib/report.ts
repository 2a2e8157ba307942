import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { LoadSettings } from './options.js';

/** The commit measured, e.g. "a1b2c3d" or "a1b2c3d + changes in src/", when git can tell. */
export function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src') ? ' + changes in src/' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** The lines every report opens with: what ran, when, on which commit, machine and database. */
export function printRunHeader(name: string, database: string, settings: LoadSettings, how: string): void {
  const cpus = os.cpus();
  console.log(`\n${name} benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${revision()}`);
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}; database: ${database}`);
  console.log(`${settings.concurrency} concurrent clients; ${how}\n`);
}

/** "met" or "NOT met", for a target line. */
export const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
