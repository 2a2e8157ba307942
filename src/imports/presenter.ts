import type { Static } from 'typebox';
import type { ImportPreviewJson } from './schema.js';

/** The preview as the wizard gets it: rows cut to the headers' width plus what spills over. */
export function presentPreview(preview: Static<typeof ImportPreviewJson>): Static<typeof ImportPreviewJson> {
  return {
    file: preview.file,
    encoding: preview.encoding,
    bom: preview.bom,
    delimiter: preview.delimiter,
    lines: preview.lines,
    headers: preview.headers,
    rows: preview.rows.map((row) => row.map((cell) => cell.slice(0, 1000))),
    mapping: preview.mapping,
  };
}
