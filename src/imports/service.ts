import fs from 'node:fs';
import path from 'node:path';
import type { AuthUser } from '../auth/cache.js';
import type { Db } from '../db/database.js';
import type { JobRow } from '../db/schema.js';
import { AppError, errors } from '../errors.js';
import type { FieldRegistry } from '../fields/registry.js';
import { createField } from '../fields/service.js';
import { FIELD_TYPES, type CustomFieldType } from '../fields/values.js';
import { getJob } from '../jobs/service.js';
import { findExistingStatusIds } from '../statuses/service.js';
import { parseTagChanges } from '../tags/service.js';
import { findExistingUserIds } from '../users/service.js';
import { ENCODINGS, inspectFile, readRecords, type CsvOptions } from './csv.js';
import { IMPORT_JOB, readHeaders } from './job.js';
import { checkHeaders, resolveTargets, suggestMapping, TAGS_TARGET, type Target } from './mapping.js';
import { REPORT_FILE } from './report.js';
import { PREVIEW_ROWS, type ImportPayload } from './schema.js';

/** The file to import: where it is, its own name, and whether it is ours to delete afterwards. */
export interface ImportSource {
  readonly path: string;
  readonly name: string;
  readonly deleteAfter: boolean;
}

export interface ImportDeps {
  readonly db: Db;
  readonly fields: FieldRegistry;
}

/** The options as a form sends them: text by name (the CLI builds the same from its flags). */
export type ImportForm = Readonly<Record<string, string | undefined>>;

function character(form: ImportForm, name: 'delimiter' | 'enclosure' | 'escape'): string | undefined {
  const raw = form[name];
  if (raw === undefined || raw === '') return undefined;
  const value = name === 'delimiter' && ['tab', '\\t'].includes(raw.toLowerCase()) ? '\t' : raw;
  if ([...value].length !== 1) throw errors.validation({ [name]: `must be one character${name === 'delimiter' ? ' (or "tab")' : ''}, not "${raw.slice(0, 20)}"` });
  if (value === '\n' || value === '\r') throw errors.validation({ [name]: 'cannot be a line break' });
  return value;
}

function json(form: ImportForm, name: string): unknown {
  const raw = form[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw errors.validation({ [name]: `must be JSON: ${(error as Error).message}` });
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function csvOptions(form: ImportForm): { options: Omit<CsvOptions, 'encoding' | 'delimiter'> & { delimiter?: string }; encoding: string } {
  const delimiter = character(form, 'delimiter');
  const enclosure = character(form, 'enclosure') ?? '"';
  const escape = character(form, 'escape') ?? '"';
  if (delimiter !== undefined && delimiter === enclosure) throw errors.validation({ delimiter: 'cannot be the enclosure character' });
  if (delimiter !== undefined && /[\p{L}\p{N}\s]/u.test(delimiter) && delimiter !== '\t') throw errors.validation({ delimiter: `"${delimiter}" is a letter, digit or space; use , ; tab or |` });
  const encoding = (form.encoding ?? 'auto').trim().toLowerCase() || 'auto';
  const aliases: Record<string, string> = { utf8: 'utf-8', cp1252: 'windows-1252', latin1: 'iso-8859-1', 'windows1252': 'windows-1252' };
  const known = aliases[encoding] ?? encoding;
  if (!(ENCODINGS as readonly string[]).includes(known)) throw errors.validation({ encoding: `must be one of ${ENCODINGS.join(', ')}` });
  return { options: { delimiter, enclosure, escape }, encoding: known };
}

/** Checks the file and reads how to parse it: the options given, the rest detected. */
async function readFile(source: ImportSource, form: ImportForm) {
  const { options, encoding } = csvOptions(form);
  if (!fs.existsSync(source.path)) throw errors.validation({ file: 'is missing' });
  const facts = await inspectFile(source.path, { encoding, delimiter: options.delimiter });
  const parsing: CsvOptions = { delimiter: facts.delimiter, enclosure: options.enclosure, escape: options.escape, encoding: facts.encoding };
  return { facts, parsing };
}

/** What the wizard shows before an import: the file as detected, its first rows, a suggested mapping. */
export async function previewImport(deps: ImportDeps, source: ImportSource, form: ImportForm) {
  try {
    const { facts, parsing } = await readFile(source, form);
    const records = readRecords(source.path, parsing);
    const firsts: string[][] = [];
    try {
      for await (const record of records) {
        firsts.push(record.cells);
        if (firsts.length > PREVIEW_ROWS) break;
      }
    } finally {
      await records.return(undefined);
    }
    if (firsts.length === 0) throw errors.validation({ file: 'has no header line' });
    const headers = checkHeaders(firsts[0]);
    const fields = await deps.fields.load(deps.db);
    return {
      file: source.name, encoding: facts.encoding, bom: facts.bom, delimiter: facts.delimiter, lines: facts.lines,
      headers, rows: firsts.slice(1), mapping: suggestMapping(headers, fields),
    };
  } finally {
    if (source.deleteAfter) fs.rmSync(source.path, { force: true });
  }
}

const targetName = (target: Target | null) => (target === null ? null : 'tags' in target ? TAGS_TARGET : 'byName' in target ? target.byName : target.field.alias);

function parseMapping(value: unknown): Record<string, string | null> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw errors.validation({ mapping: 'must be a JSON object {"header": "field alias" or null}' });
  for (const [header, alias] of Object.entries(value)) {
    if (alias !== null && typeof alias !== 'string') throw errors.validation({ mapping: `"${header}": give a field alias, "tags" or null` });
  }
  return value as Record<string, string | null>;
}

interface NewFieldSpec { header: string; label: string; type: CustomFieldType; options?: string[] }

function parseCreateFields(value: unknown, headers: readonly string[]): NewFieldSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 100) throw errors.validation({ create_fields: 'must be a JSON array (at most 100) of {header, label, type}' });
  const seen = new Set<string>();
  return value.map((item, i) => {
    if (!isObject(item)) throw errors.validation({ create_fields: `item ${i + 1} must be an object {header, label, type}` });
    const { header, label, type, options } = item;
    if (typeof header !== 'string' || !headers.includes(header)) throw errors.validation({ create_fields: `item ${i + 1}: the file has no column ${JSON.stringify(header)}` });
    if (seen.has(header)) throw errors.validation({ create_fields: `"${header}" is listed twice` });
    seen.add(header);
    if (typeof label !== 'string' || label.trim() === '' || label.length > 255) throw errors.validation({ create_fields: `"${header}": label must be 1 to 255 characters` });
    if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) throw errors.validation({ create_fields: `"${header}": type must be one of ${FIELD_TYPES.join(', ')}` });
    if (options !== undefined && (!Array.isArray(options) || !options.every((o) => typeof o === 'string'))) throw errors.validation({ create_fields: `"${header}": options must be a list of strings` });
    return { header, label, type: type as CustomFieldType, options: options as string[] | undefined };
  });
}

async function parseDefaults(db: Db, value: unknown): Promise<ImportPayload['defaults']> {
  if (value === undefined) return {};
  if (!isObject(value)) throw errors.validation({ defaults: 'must be a JSON object {owner_id, status_id, tags}' });
  const unknown = Object.keys(value).filter((k) => !['owner_id', 'status_id', 'tags'].includes(k));
  if (unknown.length > 0) throw errors.validation({ defaults: `unknown member ${unknown[0]}: give owner_id, status_id or tags` });
  const id = (key: 'owner_id' | 'status_id') => {
    const raw = value[key];
    if (raw === undefined || raw === null) return null;
    if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) throw errors.validation({ defaults: `${key} must be an id (a positive whole number)` });
    return raw;
  };
  const [ownerId, statusId] = [id('owner_id'), id('status_id')];
  if (ownerId !== null && !(await findExistingUserIds(db, [ownerId])).has(ownerId)) throw errors.validation({ defaults: `owner_id: no user with id ${ownerId}` });
  if (statusId !== null && !(await findExistingStatusIds(db, [statusId])).has(statusId)) throw errors.validation({ defaults: `status_id: no status with id ${statusId}` });
  let tags: string[] = [];
  if (value.tags !== undefined && value.tags !== null) {
    if (typeof value.tags !== 'string' && !(Array.isArray(value.tags) && value.tags.every((t) => typeof t === 'string'))) throw errors.validation({ defaults: 'tags must be a list of tag names' });
    try {
      tags = parseTagChanges(value.tags).add;
    } catch (error) {
      throw errors.validation({ defaults: `tags: ${(error as AppError).fields?.tags ?? (error as Error).message}` });
    }
  }
  return { owner_id: ownerId, status_id: statusId, tags };
}

function flag(form: ImportForm, name: string): boolean {
  const raw = form[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return false;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw errors.validation({ [name]: 'must be true or false' });
}

/**
 * Checks an import's file and options (each problem a 400 naming the option), creates the
 * custom fields asked for, and answers the job to create: its payload (the whole mapping
 * resolved) and about how many rows it has. `user` is null for the command line.
 */
export async function prepareImport(deps: ImportDeps, user: Pick<AuthUser, 'id' | 'role'> | null, source: ImportSource, form: ImportForm) {
  try {
    const onMatch = (form.on_match ?? 'update').trim() || 'update';
    if (onMatch !== 'update' && onMatch !== 'skip') throw errors.validation({ on_match: 'must be update or skip' });
    const overwriteBlank = flag(form, 'overwrite_blank');
    const mapping = parseMapping(json(form, 'mapping'));
    const createFieldsInput = json(form, 'create_fields');
    const defaults = await parseDefaults(deps.db, json(form, 'defaults'));
    const { facts, parsing } = await readFile(source, form);
    const headers = await readHeaders(source.path, { options: parsing });
    const wanted = parseCreateFields(createFieldsInput, headers);
    for (const spec of wanted) {
      if (typeof mapping?.[spec.header] === 'string') throw errors.validation({ create_fields: `"${spec.header}" is mapped to ${mapping[spec.header]} already` });
    }
    if (wanted.length > 0 && user && user.role !== 'admin') throw errors.forbidden('create_fields: only admins can create fields');
    const withoutNew = { ...mapping, ...Object.fromEntries(wanted.map((spec) => [spec.header, null])) };
    resolveTargets(headers, withoutNew, await deps.fields.load(deps.db)); // every other problem first, before creating anything

    const created: Record<string, string> = {};
    for (const spec of wanted) {
      try {
        created[spec.header] = (await createField(deps.db, deps.fields, { label: spec.label.trim(), type: spec.type, options: spec.options })).alias;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const detail = error.fields ? Object.entries(error.fields).map(([k, v]) => `${k} ${v}`).join(', ') : error.message;
        throw errors.validation({ create_fields: `"${spec.header}": ${detail}` });
      }
    }
    const fields = await deps.fields.load(deps.db);
    const final = { ...withoutNew, ...created };
    const targets = resolveTargets(headers, final, fields);
    const resolved = Object.fromEntries(headers.map((header, i) => [header, targetName(targets[i])]).filter(([header]) => header !== ''));
    const payload: ImportPayload = {
      file: source.path, name: source.name, delete_file: source.deleteAfter, options: parsing,
      mapping: resolved, defaults, on_match: onMatch, overwrite_blank: overwriteBlank,
    };
    return { payload, total: Math.max(0, facts.lines - 1) || null, createdFields: created };
  } catch (error) {
    if (source.deleteAfter) fs.rmSync(source.path, { force: true });
    throw error;
  }
}

/** The failed-rows report of an import the user may see (its creator, or an admin). */
export async function importReport(db: Db, jobDir: (id: number) => string, id: number, user: AuthUser): Promise<{ job: JobRow; file: string }> {
  const job = await getJob(db, id, user, IMPORT_JOB);
  const file = path.join(jobDir(job.id), REPORT_FILE);
  if (!fs.existsSync(file)) {
    if (job.state === 'queued') throw errors.conflict('The import has not started yet: its report is written as it runs');
    throw errors.notFound('Report');
  }
  return { job, file };
}

export const missingFile = () => errors.validation({ file: 'is missing: send the CSV as the multipart field "file"' });
