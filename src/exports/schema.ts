import { Type, type Static } from 'typebox';
import { OneOf } from '../http/schemas.js';
import { EXPORT_FORMATS } from './formats.js';

export const EXPORT_LIMITS = {
  /** Ids in one export of a selection. */
  ids: 100_000,
  fields: 500,
} as const;

export const ExportCreateBody = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 2000, description: 'Export the contacts this search matches (the syntax of GET /api/v1/contacts?search=)' })),
  ids: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
    minItems: 1, maxItems: EXPORT_LIMITS.ids, description: `Export these contacts (a selection, up to ${EXPORT_LIMITS.ids.toLocaleString('en-US')}); not with search`,
  })),
  format: OneOf(EXPORT_FORMATS, { description: 'csv (RFC 4180, UTF-8) or xlsx (Excel)' }),
  fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    minItems: 1, maxItems: EXPORT_LIMITS.fields,
    description: 'Columns after id, in this order: field aliases, and tags, ownerusername, status_name. Default: every published field, then those three',
  })),
}, { additionalProperties: false, description: 'Neither search nor ids: every contact' });
export type ExportCreateBody = Static<typeof ExportCreateBody>;

export const ExportFile = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The CSV or xlsx file' });
