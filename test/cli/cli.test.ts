import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { verifyCredentials } from '../../src/users/service.js';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../helpers/db.js';

const BIN = path.resolve('bin/contactbase.js');

interface Outcome { code: number | null; stdout: string; stderr: string }

/** Runs node with `nodeArgs` in a child process, collecting what it prints. */
function runNode(nodeArgs: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: '', ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const child = spawn(process.execPath, nodeArgs, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the real `contactbase` command in a child process. */
const contactbase = (args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}) => runNode([BIN, ...args], options);

describe('the contactbase command', () => {
  let database: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-cli-'));
    env = { DATABASE_URL: database.url, DATA_DIR: dir };
  });
  after(async () => {
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints its help, and the help with exit code 2 for unknown commands and options', async () => {
    const help = await contactbase(['--help'], { env });
    assert.equal(help.code, 0);
    for (const command of ['import', 'export', 'seed', 'users', 'migrate']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));

    const unknown = await contactbase(['frobnicate'], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    assert.match(unknown.stderr, /Usage: contactbase <command>/);
    assert.equal((await contactbase([], { env })).code, 2);

    for (const command of [['import'], ['export'], ['seed'], ['migrate'], ['users', 'create']]) {
      const own = await contactbase([...command, '--help'], { env });
      assert.equal(own.code, 0, `${command.join(' ')} --help`);
      assert.match(own.stdout, new RegExp(`Usage: contactbase ${command.join(' ')}`));
      const bad = await contactbase([...command, '--no-such-option'], { env });
      assert.equal(bad.code, 2, `${command.join(' ')} --no-such-option`);
      assert.match(bad.stderr, /--no-such-option/);
      assert.match(bad.stderr, new RegExp(`Usage: contactbase ${command.join(' ')}`));
    }
  });

  it('seeds demo contacts, also as npm run seed runs it', async () => {
    const seeded = await contactbase(['seed', '--contacts', '200', '--chunk', '1000'], { env });
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.match(seeded.stdout, /Done: 200 contacts/);
    const { n } = await database.db.selectFrom('contacts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n), 200);
    await database.db.deleteFrom('contacts').execute();

    // `npm run seed` is `tsx src/cli/seed.ts`: the file runs itself.
    const direct = await runNode(['--import', 'tsx', 'src/cli/seed.ts', '--contacts', 'lots'], { env });
    assert.equal(direct.code, 2);
    assert.match(direct.stderr, /--contacts must be a whole number/);
    assert.match(direct.stderr, /npm run seed -- --contacts N/);
  });

  it('migrates a database, then finds it up to date', async () => {
    const empty = await createEmptyDatabase();
    try {
      const first = await contactbase(['migrate'], { env: { ...env, DATABASE_URL: empty.url } });
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /^Applied 0001_init, 0002_events, .*0006_jobs/);
      const again = await contactbase(['migrate'], { env: { ...env, DATABASE_URL: empty.url } });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /up to date/);
    } finally {
      await empty.drop();
    }
  });

  it('creates users with a password from stdin, and refuses bad ones naming the field', async () => {
    const created = await contactbase(['users', 'create', 'cli_ada', '--role', 'admin', '--email', 'ada@example.com', '--password-stdin'], { env, input: 'correct horse battery\n' });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created admin "cli_ada" \(id \d+\)/);
    const user = await verifyCredentials(database.db, 'cli_ada', 'correct horse battery');
    assert.equal(user?.role, 'admin');
    assert.equal(user?.email, 'ada@example.com');

    const taken = await contactbase(['users', 'create', 'cli_ada', '--password-stdin'], { env, input: 'another password' });
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /taken/);
    const short = await contactbase(['users', 'create', 'cli_bob', '--password-stdin'], { env, input: 'short\n' });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /password/);
    const role = await contactbase(['users', 'create', 'cli_bob', '--role', 'boss', '--password-stdin'], { env, input: 'long enough password\n' });
    assert.equal(role.code, 2);
    assert.match(role.stderr, /role/);
    const noTerminal = await contactbase(['users', 'create', 'cli_bob'], { env });
    assert.equal(noTerminal.code, 2);
    assert.match(noTerminal.stderr, /--password-stdin/);
    const users = await database.db.selectFrom('users').select('username').where('username', 'like', 'cli_%').execute();
    assert.deepEqual(users.map((u) => u.username), ['cli_ada']);
  });

  it('exports to CSV and xlsx with a progress report on stderr', async () => {
    await database.db.insertInto('contacts').values([
      { email: 'first@example.com', firstname: 'First, "One"', custom: '{}', points: 7 },
      { email: 'second@example.com', firstname: 'Second', custom: '{}', points: 0 },
      { email: 'third@example.com', firstname: 'Third', custom: '{}' },
    ]).execute();
    const ids = (await database.db.selectFrom('contacts').select('id').orderBy('id').execute()).map((r) => r.id);
    const out = path.join(dir, 'out.csv');
    const csv = await contactbase(['export', '--fields', 'email,firstname,points', '--out', out], { env });
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stderr, /Exporting .*3 \/ 3 rows/);
    assert.match(csv.stderr, /Exported 3 contacts to .*out\.csv/);
    const text = fs.readFileSync(out, 'utf8');
    assert.equal(text.split('\r\n')[0], 'id,email,firstname,points');
    assert.deepEqual(parse(text).slice(1), [
      [String(ids[0]), 'first@example.com', 'First, "One"', '7'],
      [String(ids[1]), 'second@example.com', 'Second', '0'],
      [String(ids[2]), 'third@example.com', 'Third', '0'],
    ]);
    assert.ok(!fs.existsSync(`${out}.partial`));

    const xlsx = path.join(dir, 'some.xlsx');
    const excel = await contactbase(['export', '--ids', `${ids[1]},${ids[0]}`, '--out', xlsx], { env });
    assert.equal(excel.code, 0, excel.stderr);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.worksheets[0];
    assert.equal(sheet.rowCount, 3);
    assert.equal(sheet.getRow(2).getCell(1).value, ids[0]);
    assert.equal(sheet.getRow(3).getCell(1).value, ids[1]);

    const unknown = await contactbase(['export', '--fields', 'email,shoe_size', '--out', path.join(dir, 'x.csv')], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /shoe_size/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.csv')));
    const both = await contactbase(['export', '--ids', '1', '--search', 'x'], { env });
    assert.equal(both.code, 2);
  });

  it('says to stop the server or use DATABASE_URL when a running server holds the embedded data directory', async () => {
    const held = fs.mkdtempSync(path.join(os.tmpdir(), 'contactbase-held-'));
    try {
      // What a running server leaves: its pid in the lock file (this test process is alive).
      fs.writeFileSync(path.join(held, 'contactbase.pid'), `${process.pid}\n`);
      const res = await contactbase(['migrate'], { env: { DATABASE_URL: undefined, DATA_DIR: held } });
      assert.equal(res.code, 1);
      assert.match(res.stderr, new RegExp(`in use by another running Contactbase \\(pid ${process.pid}\\)`));
      assert.match(res.stderr, /Stop that server first/);
      assert.match(res.stderr, /DATABASE_URL/);
    } finally {
      fs.rmSync(held, { recursive: true, force: true });
    }
  });
});
