import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { CHUNK_CHARS, CHUNK_ROWS, importJobHandler } from '../../src/imports/job.js';
import { prepareImport } from '../../src/imports/service.js';
import { JobRunner, type RunningJob } from '../../src/jobs/runner.js';
import { runJobHere } from '../../src/jobs/service.js';
import type { ImportPayload } from '../../src/imports/schema.js';
import { useTestApp } from '../helpers/app.js';
import { waitForJob } from './helpers.js';

const t = useTestApp();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-resume-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const ROWS = CHUNK_ROWS * 3 + 500;

/** A file of ROWS rows, every 100th one failing (a bad email), over more than three chunks. */
function writeFile(name: string, series: string) {
  const file = path.join(dir, name);
  const lines = ['email,firstname,tags'];
  for (let i = 0; i < ROWS; i++) lines.push(i % 100 === 50 ? `broken-${i},Bad,` : `${series}${i}@example.com,N${i},imported|${series}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * Runs an import in a runner of its own that dies in its second chunk, after the first one
 * committed (the chunk's transaction is left uncommitted and rolled back, as a killed process
 * leaves it), then leaves the job row as a crash does: running, a stale heartbeat, a dead runner.
 */
async function crashAfterFirstChunk(file: string, firstChunk = CHUNK_ROWS) {
  const { payload, total } = await prepareImport({ db: t.db, fields: t.ctx.fields }, null, { path: file, name: path.basename(file), deleteAfter: false }, {});
  const handler = importJobHandler({ db: t.db, fields: t.ctx.fields, settings: t.ctx.settings });
  const dying = new JobRunner(t.db, path.dirname(t.ctx.jobs.dirOf(0)));
  dying.register({
    kind: 'import',
    run: (job: RunningJob<ImportPayload>) => {
      let reports = 0;
      return handler.run({ ...job, report: async (db, progress, checkpoint) => {
        if (++reports === 2) throw new Error('the process was killed');
        return job.report(db, progress, checkpoint);
      } });
    },
  });
  const crashed = await runJobHere(t.db, dying, t.app.log, { kind: 'import', payload, createdBy: t.admin.id, total });
  assert.equal(crashed.state, 'failed');
  assert.equal(crashed.progress.done, firstChunk, 'the first chunk committed');
  await t.db.updateTable('jobs').set({ state: 'running', error: null, finished_at: null, runner: 'dead-host:1:0', heartbeat_at: sql`now() - interval '5 minutes'` })
    .where('id', '=', crashed.id).execute();
  return crashed.id;
}

async function countImported(series: string) {
  const { rows: [row] } = await sql<{ contacts: string; emails: string; events: string; lines: string; tagged: string }>`
    SELECT (SELECT count(*) FROM contacts WHERE email LIKE ${`${series}%`}) AS contacts,
           (SELECT count(DISTINCT email_normalized) FROM contacts WHERE email LIKE ${`${series}%`}) AS emails,
           (SELECT count(*) FROM events e JOIN contacts c ON c.id = e.contact_id WHERE c.email LIKE ${`${series}%`} AND e.type = 'contact.imported') AS events,
           (SELECT count(DISTINCT e.data->>'line') FROM events e JOIN contacts c ON c.id = e.contact_id WHERE c.email LIKE ${`${series}%`} AND e.type = 'contact.imported') AS lines,
           (SELECT count(*) FROM contact_tags ct JOIN tags tg ON tg.id = ct.tag_id WHERE tg.name = ${series}) AS tagged`.execute(t.db);
  return { contacts: Number(row.contacts), emails: Number(row.emails), events: Number(row.events), lines: Number(row.lines), tagged: Number(row.tagged) };
}

describe('an import cut off by a crash', () => {
  it('is taken over by a live process and finishes from its checkpoint, without a duplicated contact, event or report line', async () => {
    const file = writeFile('crash.csv', 'crash');
    const id = await crashAfterFirstChunk(file);
    const halfway = await countImported('crash');
    assert.equal(halfway.contacts, CHUNK_ROWS - CHUNK_ROWS / 100, 'only the first chunk\'s rows are there');

    t.ctx.jobs.wake();
    const job = await waitForJob(t, id);
    assert.equal(job.state, 'succeeded', job.error);
    const good = ROWS - ROWS / 100;
    assert.deepEqual(job.result, { inserted: good, updated: 0, skipped: 0, failed: ROWS / 100, report_url: `/api/v1/imports/${id}/report` });
    assert.equal(job.progress.done, ROWS);
    assert.deepEqual(await countImported('crash'), { contacts: good, emails: good, events: good, lines: good, tagged: good });
    const attempts = await t.db.selectFrom('jobs').select('attempts').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(attempts.attempts, 2);

    const report = parse((await t.request({ method: 'GET', url: `/api/v1/imports/${id}/report` })).body, { bom: true }) as string[][];
    const lines = report.slice(1).map((r) => Number(r[0]));
    assert.equal(lines.length, ROWS / 100, 'each failed row once, those of the chunk that died included');
    assert.equal(new Set(lines).size, lines.length);
    assert.deepEqual(lines.slice(0, 3), [52, 152, 252]);
  });
});

describe('an import of very wide rows', () => {
  it('writes them in chunks of fewer rows, so that what it holds at once stays small, and resumes after them', async () => {
    const width = 100_000;
    const perChunk = Math.ceil(CHUNK_CHARS / width);
    const rows = perChunk * 2 + 5;
    const lines = ['email,notes'];
    for (let i = 0; i < rows; i++) lines.push(`wide${i}@example.com,${'x'.repeat(width)}`);
    const file = path.join(dir, 'wide.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const id = await crashAfterFirstChunk(file, perChunk);

    t.ctx.jobs.wake();
    const job = await waitForJob(t, id);
    assert.equal(job.state, 'succeeded', job.error);
    assert.equal(job.result.inserted, rows);
    const { rows: [row] } = await sql<{ n: string }>`SELECT count(DISTINCT email_normalized) AS n FROM contacts WHERE email LIKE 'wide%'`.execute(t.db);
    assert.equal(Number(row.n), rows);
  });
});
