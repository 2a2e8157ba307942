import type { App } from './app.js';

const HOUR_MS = 3_600_000;

/**
 * Runs a clean-up once the server is ready and then every hour until it closes. `sweep` answers
 * how many things it removed; that is logged as `done` when there were any, and a failure is
 * logged as a warning (the next run tries again).
 */
export function sweepHourly(app: App, category: string, done: string, sweep: () => Promise<number>) {
  let timer: NodeJS.Timeout | undefined;
  const run = () => sweep()
    .then((count) => { if (count > 0) app.log.info({ category, count }, done); })
    .catch((error) => app.log.warn({ err: error, category }, `${category}: the hourly clean-up failed`));
  app.addHook('onReady', async () => {
    void run();
    timer = setInterval(run, HOUR_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
