import pg from 'pg';
import { AppError } from '../errors.js';

/** One item's outcome in a batch: its value, or the error it alone is refused with. */
export type Settled<T> = { readonly value: T } | { readonly error: unknown };

export interface GroupCommitOptions {
  /** Items written in one transaction at most. */
  readonly maxBatch: number;
  /** Items waiting past which new ones are refused with `overloaded()`, so memory stays bounded. */
  readonly maxPending: number;
  /** Transactions in flight at once. */
  readonly concurrency: number;
  readonly overloaded: () => Error;
}

interface Pending<In, Out> {
  readonly item: In;
  resolve(value: Out): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items that arrive while the writers are busy go together into the next
 * transaction, which starts as soon as a writer is free (no timer). Each item is answered once
 * its batch has committed. `write` answers each item of a batch in order, or throws to refuse
 * them all.
 */
export class GroupCommit<In, Out> {
  private pending: Pending<In, Out>[] = [];
  private writers = 0;

  constructor(private readonly write: (batch: In[]) => Promise<Settled<Out>[]>, private readonly options: GroupCommitOptions) {}

  submit(item: In): Promise<Out> {
    if (this.pending.length >= this.options.maxPending) return Promise.reject(this.options.overloaded());
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.writers < this.options.concurrency) void this.flush();
    });
  }

  /** Resolves once every item accepted so far is written. */
  async drain(): Promise<void> {
    while (this.writers > 0 || this.pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private async flush(): Promise<void> {
    this.writers++;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.options.maxBatch);
        try {
          const settled = await this.write(batch.map((p) => p.item));
          batch.forEach((p, i) => {
            const outcome = settled[i];
            if ('value' in outcome) p.resolve(outcome.value);
            else p.reject(outcome.error);
          });
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.writers--;
    }
  }
}

/**
 * Writes a batch with `batch`; when the database refuses it as a whole (a value one item brings,
 * a row deleted meanwhile: it undid all of it), writes each item again with `alone`, to fail on
 * its own. Anything else (a lost connection, which may even have committed) is every item's answer.
 */
export async function batchOrEachAlone<In, Out>(
  items: readonly In[], batch: (items: readonly In[]) => Promise<Settled<Out>[]>, alone: (item: In) => Promise<Out>,
): Promise<Settled<Out>[]> {
  try {
    return await batch(items);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError || error instanceof AppError)) throw error;
  }
  const answers: Settled<Out>[] = [];
  for (const item of items) answers.push(await alone(item).then((value) => ({ value }), (error: unknown) => ({ error })));
  return answers;
}
