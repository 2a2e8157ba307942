import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { AppError, errors } from '../errors.js';

export interface Upload {
  /** The file on disk, or undefined when the form had none. */
  readonly file?: { readonly path: string; readonly name: string };
  /** The form's other fields, by name. */
  readonly fields: Record<string, string>;
}

const FIELD_NAMES = new Set(['delimiter', 'enclosure', 'escape', 'encoding', 'mapping', 'create_fields', 'defaults', 'on_match', 'overwrite_blank']);

/** A file name to show and record: its last path part, printable, at most 255 characters. */
function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255) || 'upload.csv';
}

/**
 * Reads a multipart form, streaming its `file` part to a new file in `dir` (never into memory)
 * and keeping its other fields. Any problem is a 400 naming the part; on error the file is gone.
 */
export async function receiveUpload(request: FastifyRequest, dir: string): Promise<Upload> {
  if (!request.isMultipart()) throw errors.validation({ file: 'send the file as multipart/form-data (curl -F file=@contacts.csv)' });
  fs.mkdirSync(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let file: Upload['file'];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw errors.validation({ [part.fieldname]: 'is not a file field; send the CSV as "file"' });
        if (file) throw errors.validation({ file: 'send one file per import' });
        const target = path.join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}.csv`);
        file = { path: target, name: cleanName(part.filename) };
        await pipeline(part.file, fs.createWriteStream(target));
        if (part.file.truncated) throw errors.validation({ file: 'is larger than the upload limit' });
      } else {
        if (!FIELD_NAMES.has(part.fieldname)) throw errors.validation({ [part.fieldname]: `is not an import option (options: ${[...FIELD_NAMES].join(', ')})` });
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (file) fs.rmSync(file.path, { force: true });
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw errors.validation({ file: 'is larger than the upload limit' });
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') throw errors.validation({ file: 'send one file and the import options only' });
    if (typeof code === 'string' && code.startsWith('FST_')) throw errors.validation({ file: (error as Error).message });
    throw error;
  }
  return { file, fields };
}
