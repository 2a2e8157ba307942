import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { errors } from '../../src/errors.js';
import { JobRunner, type RunningJob } from '../../src/jobs/runner.js';
import { enqueueJob } from '../../src/jobs/service.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

interface CountPayload { upTo: number; chunk: number; failAt?: number; crash?: boolean; waitMs?: number }

/** Counts to upTo in chunks, each chunk's rows and checkpoint in one transaction. */
async function count(job: RunningJob<CountPayload>) {
  const { upTo, chunk, failAt, crash, waitMs = 0 } = job.payload;
  let next = Number(job.checkpoint?.next ?? 0);
  while (next < upTo) {
    job.signal.throwIfAborted();
    if (failAt !== undefined && next >= failAt) throw crash ? new Error('disk on fire at /secret/path') : errors.badRequest(`Row ${next} is malformed`);
    const end = Math.min(upTo, next + chunk);
    await t.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO counted (job_id, n) SELECT ${job.id}, g FROM generate_series(${next}::int, ${end - 1}::int) g`.execute(trx);
      await job.report(trx, { done: end, total: upTo, counted: end }, { next: end });
    });
    next = end;
    if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  fs.mkdirSync(job.dir, { recursive: true });
  fs.writeFileSync(path.join(job.dir, 'out.txt'), String(next));
  return { counted: next };
}

async function waitFor(id: number, states: string[], as = t.admin) {
  for (let i = 0; i < 200; i++) {
    const res = await t.request({ method: 'GET', url: `/api/v1/jobs/${id}`, as });
    assert.equal(res.statusCode, 200, res.body);
    if (states.includes(res.json().job.state)) return res.json().job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} never reached ${states}`);
}

async function countedRows(jobId: number) {
  const rows = await sql<{ n: string; distinct_n: string }>`SELECT count(*) AS n, count(DISTINCT n) AS distinct_n FROM counted WHERE job_id = ${jobId}`.execute(t.db);
  return { rows: Number(rows.rows[0].n), distinct: Number(rows.rows[0].distinct_n) };
}

describe('background jobs', () => {
  before(async () => {
    await sql`CREATE TABLE counted (job_id bigint, n int)`.execute(t.db);
    t.ctx.jobs.register({ kind: 'test.count', run: count });
  });

  it('runs a queued job to the end, with its progress, result and files', async () => {
    const row = await enqueueJob(t.db, t.ctx.jobs, { kind: 'test.count', payload: { upTo: 1000, chunk: 100 }, createdBy: t.admin.id, total: 1000 });
    const job = await waitFor(row.id, ['succeeded', 'failed']);
    assert.equal(job.state, 'succeeded', job.error);
    assert.deepEqual(job.result, { counted: 1000 });
    assert.equal(job.progress.done, 1000);
    assert.equal(job.progress.total, 1000);
    assert.equal(job.progress.counted, 1000);
    assert.equal(job.progress.failed, 0);
    assert.ok(job.started_at && job.finished_at);
    assert.deepEqual(await countedRows(row.id), { rows: 1000, distinct: 1000 });
    assert.equal(fs.readFileSync(path.join(t.ctx.jobs.dirOf(row.id), 'out.txt'), 'utf8'), '1000');
  });

  it('reports a rate and an ETA while running', async () => {
    const row = await enqueueJob(t.db, t.ctx.jobs, { kind: 'test.count', payload: { upTo: 400, chunk: 10, waitMs: 30 }, createdBy: t.admin.id, total: 400 });
    await waitFor(row.id, ['running']);
    let seen;
    for (let i = 0; i < 100 && !seen; i++) {
      const job = (await t.request({ method: 'GET', url: `/api/v1/jobs/${row.id}` })).json().job;
      if (job.state === 'running' && job.progress.rate > 0) seen = job;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(seen, 'a rate was reported');
    assert.ok(seen.progress.done > 0 && seen.progress.done < 400);
    assert.ok(seen.progress.eta_seconds >= 0);
    assert.equal((await waitFor(row.id, ['succeeded'])).state, 'succeeded');
  });

  it('fails a job with the reason its handler gives, and hides an internal error\'s details', async () => {
    const bad = await enqueueJob(t.db, t.ctx.jobs, { kind: 'test.count', payload: { upTo: 100, chunk: 10, failAt: 50 }, createdBy: t.admin.id });
    const failed = await waitFor(bad.id, ['failed', 'succeeded']);
    assert.equal(failed.state, 'failed');
    assert.equal(failed.error, 'Row 50 is malformed');
    assert.equal(failed.progress.done, 50, 'the chunks before the failure stay committed');

    const crash = await enqueueJob(t.db, t.ctx.jobs, { kind: 'test.count', payload: { upTo: 100, chunk: 10, failAt: 0, crash: true }, createdBy: t.admin.id });
    const crashed = await waitFor(crash.id, ['failed', 'succeeded']);
    assert.equal(crashed.state, 'failed');
    assert.doesNotMatch(crashed.error, /secret/);
  });

  it('resumes a job whose process died from its last checkpoint, without doing a chunk twice', async () => {
    // What a crash leaves: a running job with a checkpoint, a stale heartbeat and a dead runner.
    const row = await t.db.insertInto('jobs').values({
      kind: 'test.count', state: 'running', payload: JSON.stringify({ upTo: 500, chunk: 100 }), progress: JSON.stringify({ done: 200, total: 500 }),
      checkpoint: JSON.stringify({ next: 200 }), created_by: t.admin.id, runner: 'dead-host:1:0', attempts: 1,
      heartbeat_at: sql`now() - interval '5 minutes'`, started_at: sql`now() - interval '6 minutes'`,
    }).returning('id').executeTakeFirstOrThrow();
    await sql`INSERT INTO counted (job_id, n) SELECT ${row.id}, g FROM generate_series(0, 199) g`.execute(t.db);
    t.ctx.jobs.wake();
    const job = await waitFor(row.id, ['succeeded', 'failed']);
    assert.equal(job.state, 'succeeded', job.error);
    assert.deepEqual(await countedRows(row.id), { rows: 500, distinct: 500 });
    const attempts = await t.db.selectFrom('jobs').select('attempts').where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(attempts.attempts, 2);
  });

  it('leaves a job that is running elsewhere alone while its heartbeat is fresh', async () => {
    const row = await t.db.insertInto('jobs').values({
      kind: 'test.count', state: 'running', payload: JSON.stringify({ upTo: 10, chunk: 10 }), progress: '{}',
      created_by: t.admin.id, runner: 'other-host:1:0', heartbeat_at: sql`now()`,
    }).returning('id').executeTakeFirstOrThrow();
    t.ctx.jobs.wake();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const job = await t.db.selectFrom('jobs').select(['state', 'runner']).where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual(job, { state: 'running', runner: 'other-host:1:0' });
    await t.db.deleteFrom('jobs').where('id', '=', row.id).execute();
  });

  it('gives up on a job that keeps dying', async () => {
    const row = await t.db.insertInto('jobs').values({
      kind: 'test.count', state: 'running', payload: JSON.stringify({ upTo: 10, chunk: 10 }), progress: '{}',
      created_by: t.admin.id, runner: 'dead-host:1:0', attempts: 3, heartbeat_at: sql`now() - interval '5 minutes'`,
    }).returning('id').executeTakeFirstOrThrow();
    t.ctx.jobs.wake();
    const job = await waitFor(row.id, ['failed', 'succeeded']);
    assert.equal(job.state, 'failed');
    assert.match(job.error, /attempts/);
    assert.deepEqual(await countedRows(row.id), { rows: 0, distinct: 0 });
  });

  it('cancels a running job at its next chunk; what it committed stays', async () => {
    const row = await enqueueJob(t.db, t.ctx.jobs, { kind: 'test.count', payload: { upTo: 100_000, chunk: 10, waitMs: 20 }, createdBy: t.admin.id });
    await waitFor(row.id, ['running']);
    const res = await t.request({ method: 'POST', url: `/api/v1/jobs/${row.id}/cancel` });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().job.state, 'cancelled');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = await countedRows(row.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await countedRows(row.id), before, 'nothing more is written');
    assert.ok(before.rows < 100_000);
    const again = await t.request({ method: 'POST', url: `/api/v1/jobs/${row.id}/cancel` });
    assert.equal(again.statusCode, 409);
    assert.equal((await waitFor(row.id, ['cancelled'])).state, 'cancelled');
  });

  it('on shutdown hands a running job back to the queue with its checkpoint, for the next process', async () => {
    const runner = new JobRunner(t.db, t.ctx.jobs.dirOf(0), { pollMs: 50 });
    runner.register({ kind: 'test.elsewhere', run: count });
    runner.start(t.app.log);
    const row = await enqueueJob(t.db, runner, { kind: 'test.elsewhere', payload: { upTo: 100_000, chunk: 10, waitMs: 20 }, createdBy: t.admin.id });
    await waitFor(row.id, ['running']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await runner.stop();
    const job = await t.db.selectFrom('jobs').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(job.state, 'queued');
    assert.equal(job.runner, null);
    const { rows } = await countedRows(row.id);
    assert.ok(rows > 0);
    assert.equal(job.checkpoint?.next, rows, 'the checkpoint matches what was committed');
    await t.db.deleteFrom('jobs').where('id', '=', row.id).execute();
  });

  it('shows a job only to its creator and to admins, and lists one\'s own', async () => {
    const owner = await t.user('user');
    const stranger = await t.user('user');
    const row = await enqueueJob(t.db, t.ctx.jobs, { kind: 'test.count', payload: { upTo: 10, chunk: 10 }, createdBy: owner.id });
    await waitFor(row.id, ['succeeded'], owner);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/jobs/${row.id}`, as: stranger })).statusCode, 404);
    assert.equal((await t.request({ method: 'POST', url: `/api/v1/jobs/${row.id}/cancel`, as: stranger })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/jobs/${row.id}` })).statusCode, 200);

    const mine = (await t.request({ method: 'GET', url: '/api/v1/jobs', as: owner })).json();
    assert.deepEqual(mine.jobs.map((job: { id: number }) => job.id), [row.id]);
    assert.equal(mine.total, 1);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/jobs', as: stranger })).json().total, 0);
    const everyone = (await t.request({ method: 'GET', url: '/api/v1/jobs?all=true' })).json();
    assert.ok(everyone.jobs.some((job: { id: number }) => job.id === row.id));
    const notAdmin = (await t.request({ method: 'GET', url: '/api/v1/jobs?all=true', as: stranger })).json();
    assert.equal(notAdmin.total, 0, 'all=true is for admins only');
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/jobs/99999999' })).statusCode, 404);
  });
});
