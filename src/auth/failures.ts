import { errors } from '../errors.js';

const WINDOW_MS = 60_000;
const MAX_FAILURES = 10;
const MAX_TRACKED = 50_000;

/**
 * Failed password checks per client address, so HTTP Basic cannot be used to guess passwords
 * faster than the sign-in form allows (10 a minute). Per process, like the sign-in limit.
 */
class FailedAttempts {
  private byAddress = new Map<string, { count: number; until: number }>();

  /** Throws 429 while `address` has used up its attempts. */
  check(address: string): void {
    const entry = this.byAddress.get(address);
    if (!entry) return;
    if (entry.until < Date.now()) {
      this.byAddress.delete(address);
      return;
    }
    if (entry.count >= MAX_FAILURES) throw errors.rateLimited(Math.ceil((entry.until - Date.now()) / 1000));
  }

  fail(address: string): void {
    const entry = this.byAddress.get(address);
    if (entry && entry.until >= Date.now()) {
      entry.count++;
      return;
    }
    if (this.byAddress.size >= MAX_TRACKED) this.byAddress.delete(this.byAddress.keys().next().value as string);
    this.byAddress.set(address, { count: 1, until: Date.now() + WINDOW_MS });
  }
}

export const failedBasicAttempts = new FailedAttempts();
