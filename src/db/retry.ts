/** PostgreSQL's answers that mean "the same transaction may well succeed if run again". */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Runs `work` (a whole transaction) again when PostgreSQL aborted it for a deadlock or a
 * serialisation failure with concurrent writers, up to `attempts` times.
 */
export async function withRetry<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
