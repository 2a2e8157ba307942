import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { help, run } from '../../src/cli/import.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('contactbase import', () => {
  let database: TestDatabase;
  let dir: string;
  const saved = { ...process.env };
  let stderr = '';
  const write = process.stderr.write.bind(process.stderr);

  before(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-cli-import-'));
    Object.assign(process.env, { DATABASE_URL: database.url, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: '' });
  });
  after(async () => {
    process.env = saved;
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** run() with stderr captured. */
  async function cli(args: string[]) {
    stderr = '';
    process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
    try {
      return await run(args);
    } finally {
      process.stderr.write = write;
    }
  }

  const file = (name: string, text: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, text);
    return target;
  };
  const contact = (email: string) => database.db.selectFrom('contacts').selectAll().where('email_normalized', '=', email).executeTakeFirst();

  it('imports a file with its options, a progress line and a summary, and keeps the file', async () => {
    const csv = file('people.csv', 'Mail;Vorname;Firma\nanna@example.com;Anna;Acme\nnot-an-email;Bad;X\n');
    const mapping = file('mapping.json', JSON.stringify({ Mail: 'email', Vorname: 'firstname', Firma: 'company' }));
    const reportCopy = path.join(dir, 'failed.csv');
    const code = await cli([csv, '--delimiter', ';', '--mapping', mapping, '--tags', 'cli,fair', '--report', reportCopy]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /Importing/);
    assert.match(stderr, /1 inserted, 0 updated, 0 skipped, 1 failed/);
    assert.equal((await contact('anna@example.com'))?.company, 'Acme');
    assert.match(fs.readFileSync(reportCopy, 'utf8'), /3,email: must be a valid email address,not-an-email,Bad,X/);
    assert.ok(fs.existsSync(csv), 'the user\'s own file is left where it was');
    const job = await database.db.selectFrom('jobs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual([job.kind, job.state, job.created_by], ['import', 'succeeded', null]);
  });

  it('skips matched contacts with --on-match skip', async () => {
    const csv = file('again.csv', 'email,company\nanna@example.com,Other\nben@example.com,Ben Co\n');
    assert.equal(await cli([csv, '--on-match', 'skip']), 0, stderr);
    assert.match(stderr, /1 inserted, 0 updated, 1 skipped, 0 failed/);
    assert.equal((await contact('anna@example.com'))?.company, 'Acme');
  });

  it('refuses bad options naming them, and prints its help', async () => {
    await assert.rejects(() => cli([]), /Name the CSV file/);
    await assert.rejects(() => cli([path.join(dir, 'people.csv'), '--on-match', 'sometimes']), (error: Error & { fields?: Record<string, string> }) => Boolean(error.fields?.on_match));
    await assert.rejects(() => cli([path.join(dir, 'people.csv'), '--owner', 'me']), /--owner must be an id/);
    assert.match(help, /contactbase import FILE/);
    assert.match(help, /--resume JOB_ID/);
  });

  it('goes on with a job that was cut off with --resume, without importing a row twice', async () => {
    const rows = Array.from({ length: 4500 }, (_, i) => `r${i}@example.com,R${i}`);
    const csv = file('big.csv', `email,firstname\n${rows.join('\n')}\n`);
    // What Ctrl-C leaves: the job handed back to the queue after its first chunks, with their checkpoint.
    assert.equal(await cli([csv]), 0, stderr);
    const done = await database.db.selectFrom('jobs').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    await sql`DELETE FROM contacts WHERE email_normalized = ANY(${rows.slice(2000).map((r) => r.split(',')[0])}::text[])`.execute(database.db);
    await database.db.updateTable('jobs').set({
      state: 'queued', result: null, finished_at: null, runner: null,
      progress: JSON.stringify({ ...done.progress, done: 2000, inserted: 2000 }),
      checkpoint: JSON.stringify({ ...done.checkpoint, records: 2000, inserted: 2000 }),
    }).where('id', '=', done.id).execute();

    assert.equal(await cli(['--resume', String(done.id)]), 0, stderr);
    assert.match(stderr, /4,500 inserted/);
    const { rows: [count] } = await sql<{ n: string; d: string }>`SELECT count(*) AS n, count(DISTINCT email_normalized) AS d FROM contacts WHERE email LIKE 'r%@example.com'`.execute(database.db);
    assert.deepEqual([Number(count.n), Number(count.d)], [4500, 4500]);

    await assert.rejects(() => cli(['--resume', String(done.id)]), /finished already/);
    await assert.rejects(() => cli(['--resume', '999999']), /No import job/);
  });
});
