import { parseArgs } from 'node:util';

/** How hard and how long a benchmark drives its target; every phase uses the same. */
export interface LoadSettings {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly concurrency: number;
}

export class UsageError extends Error {}

type ExtraOptions = Record<string, { type: 'string' | 'boolean' }>;

function positive(name: string, raw: string | boolean | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new UsageError(`--${name} must be a number above 0 and at most ${max}`);
  return value;
}

/**
 * The options every benchmark takes (--seconds, --warmup, --concurrency) plus its own `extra`
 * ones; anything else is refused so a typo does not silently run the defaults. `defaults`
 * replaces the usual 10 s, 2 s and 50 callers for a benchmark specified with others.
 */
export function parseBenchArgs(args: readonly string[], extra: ExtraOptions = {}, defaults: Partial<LoadSettings> = {}) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { seconds: { type: 'string' }, warmup: { type: 'string' }, concurrency: { type: 'string' }, ...extra },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const load: LoadSettings = {
    seconds: positive('seconds', values.seconds, defaults.seconds ?? 10, 600),
    warmupSeconds: positive('warmup', values.warmup, defaults.warmupSeconds ?? 2, 60),
    concurrency: Math.round(positive('concurrency', values.concurrency, defaults.concurrency ?? 50, 1000)),
  };
  return { load, values };
}
