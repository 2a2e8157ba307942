import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createContext } from '../context.js';
import { importJobHandler, IMPORT_JOB, reportUrl } from '../imports/job.js';
import { prepareImport, type ImportForm } from '../imports/service.js';
import { presentJob } from '../jobs/presenter.js';
import { findJobRow, runJobHere } from '../jobs/service.js';
import { findUserByUsername } from '../users/repo.js';
import { REPORT_FILE } from '../imports/report.js';
import { CliError, number, parse, UsageError } from './args.js';
import { openCliDatabase } from './database.js';
import { progressBar } from './progress.js';

export const help = `Usage: contactbase import FILE [options]
       contactbase import --resume JOB_ID

Imports contacts from a CSV file, as POST /api/v1/imports does, in this process, with a
progress bar on stderr. Rows matching a contact by its unique identifiers (email by
default) update it; the others create contacts. Failed rows go to a report (CSV).

  --delimiter C        , ; | or tab (default: detected from the first lines)
  --enclosure C        quote character (default ")
  --escape C           escape character inside quotes (default ", a doubled quote)
  --encoding NAME      auto (default: UTF-8 with or without BOM, else Windows-1252),
                       utf-8, windows-1252, iso-8859-1, iso-8859-15, utf-16le, utf-16be
  --mapping FILE       JSON {"header": "field alias" | "tags" | null}; headers it does not
                       list are mapped by name (First Name -> firstname, E-mail -> email)
  --create-fields FILE JSON [{"header", "label", "type"}]: custom fields to create first
  --owner ID           owner of imported contacts that have none
  --status ID          status of imported contacts that have none
  --tags a,b           tags for every imported row
  --on-match WHAT      update (default) or skip contacts that exist already
  --overwrite-blank    empty cells clear a matched contact's values (default: left alone)
  --user USERNAME      record the import as this user's (its report is theirs to download)
  --report FILE        copy the failed-rows report here at the end
  --resume JOB_ID      go on with an import that was cut off (Ctrl-C, a crash), from its
                       last committed chunk, without importing any row twice
  -h, --help           this text

The file is read where it is and streamed: memory stays flat whatever its size.
Example: contactbase import contacts.csv --delimiter ';' --tags fair-2024 --on-match skip`;

function readJsonFile(option: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--${option}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function id(option: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,15}$/.test(raw)) throw new UsageError(`--${option} must be an id (a positive whole number), not "${raw}"`);
  return Number(raw);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    delimiter: { type: 'string' },
    enclosure: { type: 'string' },
    escape: { type: 'string' },
    encoding: { type: 'string' },
    mapping: { type: 'string' },
    'create-fields': { type: 'string' },
    owner: { type: 'string' },
    status: { type: 'string' },
    tags: { type: 'string' },
    'on-match': { type: 'string' },
    'overwrite-blank': { type: 'boolean' },
    user: { type: 'string' },
    report: { type: 'string' },
    resume: { type: 'string' },
  }, true);
  if (values.help) {
    console.log(help);
    return 0;
  }
  const resume = id('resume', values.resume);
  if (resume === undefined && positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'Name the CSV file to import' : 'Name one file to import');
  if (resume !== undefined && positionals.length > 0) throw new UsageError('--resume goes on with the file the job was started with; name no file');
  const file = positionals[0] === undefined ? undefined : path.resolve(positionals[0]);
  if (file !== undefined && !fs.existsSync(file)) throw new CliError(`No such file: ${positionals[0]}`);
  const defaults = { owner_id: id('owner', values.owner), status_id: id('status', values.status), tags: values.tags?.split(',').map((t) => t.trim()).filter(Boolean) };
  const form: ImportForm = {
    delimiter: values.delimiter, enclosure: values.enclosure, escape: values.escape, encoding: values.encoding,
    mapping: readJsonFile('mapping', values.mapping), create_fields: readJsonFile('create-fields', values['create-fields']),
    defaults: JSON.stringify(defaults), on_match: values['on-match'], overwrite_blank: values['overwrite-blank'] ? 'true' : undefined,
  };

  const database = await openCliDatabase();
  const { db, config } = database;
  const ctx = createContext(db, config);
  ctx.jobs.register(importJobHandler({ db, fields: ctx.fields, settings: ctx.settings }));
  const log = pino({ level: 'warn' }, pino.destination(2));
  const interrupt = () => void ctx.jobs.stop();
  process.once('SIGINT', interrupt);
  const bar = progressBar('Importing');
  let timer: NodeJS.Timeout | undefined;
  try {
    let createdBy: number | null = null;
    if (values.user !== undefined) {
      const user = await findUserByUsername(db, values.user);
      if (!user) throw new CliError(`No user "${values.user}"`);
      createdBy = user.id;
    }
    // The bar follows the job's row, as GET /api/v1/jobs/:id shows it.
    const follow = (jobId: number) => {
      timer = setInterval(() => void findJobRow(db, jobId).then((row) => row && bar.update(row.progress.done ?? 0, row.progress.total), () => {}), 250);
    };
    let finished;
    if (resume !== undefined) {
      const existing = await findJobRow(db, resume);
      if (!existing || existing.kind !== IMPORT_JOB) throw new CliError(`No import job ${resume}`);
      finished = await runJobHere(db, ctx.jobs, log, { resume }, (row) => follow(row.id));
    } else {
      const { payload, total, createdFields } = await prepareImport({ db, fields: ctx.fields }, null, { path: file!, name: path.basename(file!), deleteAfter: false }, form);
      for (const [header, alias] of Object.entries(createdFields)) process.stderr.write(`Created the field ${alias} for the column "${header}"\n`);
      finished = await runJobHere(db, ctx.jobs, log, { kind: IMPORT_JOB, payload, createdBy, total }, (row) => follow(row.id));
    }
    clearInterval(timer);
    const shown = presentJob(finished);
    bar.update(shown.progress.done, shown.progress.total);
    const result = finished.result as { inserted: number; updated: number; skipped: number; failed: number } | null;
    const reportFile = path.join(ctx.jobs.dirOf(finished.id), REPORT_FILE);
    if (finished.state === 'succeeded' && result) {
      bar.finish(`Job ${finished.id}: ${number(result.inserted)} inserted, ${number(result.updated)} updated, ${number(result.skipped)} skipped, ${number(result.failed)} failed`);
      if (result.failed > 0) {
        if (values.report) fs.copyFileSync(reportFile, values.report);
        process.stderr.write(`Failed rows: ${values.report ?? reportFile} (or GET ${reportUrl(finished.id)})\n`);
      }
      return 0;
    }
    if (finished.state === 'queued') {
      bar.finish(`Interrupted: job ${finished.id} stopped after ${number(shown.progress.done)} rows. Go on with: contactbase import --resume ${finished.id}`);
      return 130;
    }
    bar.finish(`Job ${finished.id} ${finished.state}${finished.error ? `: ${finished.error}` : ''}`);
    return 1;
  } finally {
    clearInterval(timer);
    process.removeListener('SIGINT', interrupt);
    await ctx.jobs.stop();
    await database.close();
  }
}
