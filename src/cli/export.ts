import fs from 'node:fs';
import path from 'node:path';
import { exportFilename, type ExportRequest } from '../exports/service.js';
import { writeExport } from '../exports/write.js';
import { EXPORT_FORMATS, type ExportFormat } from '../exports/formats.js';
import { EXPORT_LIMITS } from '../exports/schema.js';
import { FieldRegistry } from '../fields/registry.js';
import { CliError, number, parse, UsageError } from './args.js';
import { openCliDatabase } from './database.js';
import { progressBar } from './progress.js';

export const help = `Usage: contactbase export [options]

Exports contacts to a CSV (RFC 4180, UTF-8) or Excel .xlsx file, as POST /api/v1/exports
does, in this process, with a progress bar on stderr.

  --search TEXT     the contacts this search matches (the contact list's search syntax)
  --ids 1,2,3       these contacts (up to ${number(EXPORT_LIMITS.ids)}); not with --search
  --format FORMAT   csv or xlsx (default: from --out's extension, else csv)
  --fields a,b,c    the columns after id, in this order: field aliases, and tags,
                    ownerusername, status_name (default: every published field, then those)
  --out FILE        where to write (default: contacts-YYYYMMDD-HHMMSS.csv here); an
                    existing file is replaced only once the export is complete
  -h, --help        this text

Without --search or --ids every contact is exported.
Example: contactbase export --search 'email:*@acme.com' --format xlsx --out acme.xlsx`;

function list(raw: string | undefined): string[] | undefined {
  return raw === undefined ? undefined : raw.split(',').map((part) => part.trim()).filter(Boolean);
}

function ids(raw: string | undefined): number[] | undefined {
  const parts = list(raw);
  if (parts === undefined) return undefined;
  const bad = parts.find((part) => !/^[1-9]\d{0,15}$/.test(part));
  if (bad !== undefined || parts.length === 0) throw new UsageError(`--ids must be contact ids separated by commas${bad ? ` (got "${bad}")` : ''}`);
  if (parts.length > EXPORT_LIMITS.ids) throw new UsageError(`--ids takes at most ${number(EXPORT_LIMITS.ids)} ids; use --search for more`);
  return parts.map(Number);
}

function format(raw: string | undefined, out: string | undefined): ExportFormat {
  const wanted = raw ?? (out && path.extname(out).slice(1).toLowerCase()) ?? 'csv';
  if ((EXPORT_FORMATS as readonly string[]).includes(wanted)) return wanted as ExportFormat;
  if (raw === undefined) return 'csv';
  throw new UsageError(`--format must be ${EXPORT_FORMATS.join(' or ')} (got "${raw}")`);
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    search: { type: 'string' },
    ids: { type: 'string' },
    format: { type: 'string' },
    fields: { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  if (values.help) {
    console.log(help);
    return 0;
  }
  if (values.search !== undefined && values.ids !== undefined) throw new UsageError('Give --search or --ids, not both');
  const request: ExportRequest = {
    format: format(values.format, values.out),
    ...(values.search !== undefined ? { search: values.search } : {}),
    ...(values.ids !== undefined ? { ids: ids(values.ids) } : {}),
    ...(values.fields !== undefined ? { fields: list(values.fields) } : {}),
  };
  const out = path.resolve(values.out ?? exportFilename(request.format));
  if (!fs.existsSync(path.dirname(out))) throw new CliError(`The folder ${path.dirname(out)} does not exist`);
  // Written beside the target and renamed at the end, so that a failed run leaves no half file.
  const partial = `${out}.partial`;

  const database = await openCliDatabase();
  const abort = new AbortController();
  const interrupt = () => abort.abort();
  process.once('SIGINT', interrupt);
  const bar = progressBar('Exporting');
  try {
    const fields = await new FieldRegistry().load(database.db);
    const { rows } = await writeExport(database.db, fields, request, partial, {
      userId: null,
      signal: abort.signal,
      onProgress: (done, total) => bar.update(done, total),
    });
    await fs.promises.rename(partial, out);
    bar.finish(`Exported ${number(rows)} contact${rows === 1 ? '' : 's'} to ${out}`);
    return 0;
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    if (abort.signal.aborted) {
      bar.finish('Interrupted: no file written');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    await database.close();
  }
}
