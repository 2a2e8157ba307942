import type { Db } from './database.js';

/**
 * A value read from the database on nearly every request (the field registry, settings).
 * This process sees its own changes at once (invalidate); other processes within `ttlMs`.
 */
export class Cached<T> {
  private entry: { at: number; value: Promise<T> } | undefined;

  constructor(private readonly load: (db: Db) => Promise<T>, private readonly ttlMs = 1000) {}

  get(db: Db): Promise<T> {
    if (!this.entry || Date.now() - this.entry.at >= this.ttlMs) {
      const value = this.load(db);
      this.entry = { at: Date.now(), value };
      value.catch(() => {
        if (this.entry?.value === value) this.entry = undefined;
      });
    }
    return this.entry.value;
  }

  invalidate(): void {
    this.entry = undefined;
  }
}
