import { number } from './args.js';

export interface Progress {
  /** Rows done so far, and the total once known. */
  update(done: number, total?: number | null): void;
  /** Ends the bar with a final line. */
  finish(message?: string): void;
}

const BAR = 24;
const TTY_EVERY_MS = 100;
const PLAIN_EVERY_MS = 5_000;

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A progress bar on stderr: rows, rate and ETA, redrawn in place on a terminal; on anything
 * else (a log file, CI) a plain line every few seconds. Shared by `export` and `import`.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, unit = 'rows'): Progress {
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  let shown = 0;
  let last = { done: 0, total: null as number | null };
  const line = () => {
    const { done, total } = last;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const parts = [label];
    if (total) {
      const share = Math.min(1, done / total);
      if (tty) parts.push(`[${'#'.repeat(Math.round(share * BAR)).padEnd(BAR, '.')}]`);
      parts.push(`${String(Math.floor(share * 100)).padStart(3)}%`, `${number(done)} / ${number(total)} ${unit}`);
    } else {
      parts.push(`${number(done)} ${unit}`);
    }
    parts.push(`${number(rate)} ${unit}/s`);
    if (total && rate > 0 && done < total) parts.push(`ETA ${duration((total - done) / rate)}`);
    else parts.push(duration(seconds));
    return parts.join('  ');
  };
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - shown < (tty ? TTY_EVERY_MS : PLAIN_EVERY_MS)) return;
    shown = now;
    stream.write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
  };
  return {
    update(done, total) {
      last = { done, total: total ?? last.total };
      draw(false);
    },
    finish(message) {
      draw(true);
      if (tty) stream.write('\n');
      if (message) stream.write(`${message}\n`);
    },
  };
}
