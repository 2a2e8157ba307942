import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Wrong usage: the command's help follows the message, and the exit code is 2. */
export class UsageError extends Error {}

/** A failure to report as one line, without a stack (exit code 1 unless given). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** node's parseArgs, strict, with its errors as UsageErrors. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, positionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: positionals });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

/** A count as 250000, 250_000, 250k or 1m. */
export function count(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const match = /^(\d+)([km]?)$/i.exec(raw.trim().replace(/[_,]/g, ''));
  const value = match ? Number(match[1]) * { '': 1, k: 1_000, m: 1_000_000 }[match[2].toLowerCase() as '' | 'k' | 'm'] : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')} (got "${raw}")`);
  }
  return value;
}

export const number = (n: number) => Math.round(n).toLocaleString('en-US');
