import { Type } from 'typebox';
import type { CsvOptions } from './csv.js';

/** The largest file an upload may be: a million rows of twenty columns is about 200 MB. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** Rows the preview shows. */
export const PREVIEW_ROWS = 5;

/** What an import job is given: everything checked when it was created. */
export interface ImportPayload extends Record<string, unknown> {
  /** Where the file is on the server's disk. */
  readonly file: string;
  /** The file's own name, as uploaded, for the timeline and the report. */
  readonly name: string;
  /** Whether the job deletes the file once done (an upload; never a CLI user's own file). */
  readonly delete_file: boolean;
  readonly options: CsvOptions;
  /** Every header of the file: the field alias (or `tags`) its values go to, or null. */
  readonly mapping: Record<string, string | null>;
  readonly defaults: { readonly owner_id?: number | null; readonly status_id?: number | null; readonly tags?: string[] };
  readonly on_match: 'update' | 'skip';
  readonly overwrite_blank: boolean;
}

export const ImportPreviewJson = Type.Object({
  file: Type.String({ description: 'The uploaded file\'s name' }),
  encoding: Type.String({ description: 'Detected (or given) text encoding: utf-8, windows-1252, ...' }),
  bom: Type.Boolean({ description: 'Whether the file starts with a byte order mark' }),
  delimiter: Type.String({ description: 'Detected (or given) delimiter: , ; tab or |' }),
  lines: Type.Integer({ description: 'Line breaks in the file: about the number of rows' }),
  headers: Type.Array(Type.String(), { description: 'The header line, trimmed; a blank header is a column left out' }),
  rows: Type.Array(Type.Array(Type.String()), { description: 'The first rows, as read' }),
  mapping: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), { description: 'Suggested target of each header: a field alias, tags, or null' }),
});

/** The multipart form of POST /api/v1/imports, for the OpenAPI document (multipart is read by the route itself). */
export const ImportForm = {
  file: 'The CSV file (required)',
  delimiter: 'One character; detected from the first lines (, ; tab |) when absent. "tab" or "\\t" for a tab',
  enclosure: 'Quote character, default "',
  escape: 'Escape character inside quotes, default " (a doubled quote, RFC 4180)',
  encoding: 'auto (default: UTF-8, with or without BOM, else Windows-1252), utf-8, windows-1252, iso-8859-1, iso-8859-15, utf-16le, utf-16be',
  mapping: 'JSON {header: field alias | "tags" | null}; headers not listed get the suggested field',
  create_fields: 'JSON [{header, label, type, options?}]: custom fields to create (admins) for these headers',
  defaults: 'JSON {owner_id, status_id, tags}: owner and status for contacts without one, tags for every row',
  on_match: 'update (default) or skip: what to do with a row whose unique identifiers match a contact',
  overwrite_blank: 'true to let empty cells clear a matched contact\'s values (default false)',
} as const;

const PREVIEW_FIELDS = ['file', 'delimiter', 'enclosure', 'escape', 'encoding'] as const;

/** A multipart form's fields as an OpenAPI schema: the file as binary, every other field a string. */
function formSchema(names: readonly (keyof typeof ImportForm)[]) {
  return Type.Object(
    Object.fromEntries(names.map((name) => [name, name === 'file' ? Type.String({ format: 'binary', description: ImportForm[name] }) : Type.Optional(Type.String({ description: ImportForm[name] }))])),
  );
}

/** The documented request bodies of the import routes (route config `documentedBody`, src/http/openapi.ts). */
export const ImportFormSchema = formSchema(Object.keys(ImportForm) as (keyof typeof ImportForm)[]);
export const PreviewFormSchema = formSchema(PREVIEW_FIELDS);
