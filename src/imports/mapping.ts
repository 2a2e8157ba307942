import { errors } from '../errors.js';
import type { FieldDef, FieldSet } from '../fields/registry.js';

/** Where a column's values go: a field, the tags list, or the owner or status by name. */
export type Target = { readonly field: FieldDef } | { readonly tags: true } | { readonly byName: NamedTarget };

/** The special target beside the fields: `|`-separated tag names, a leading `-` removes one. */
export const TAGS_TARGET = 'tags';
/** Mautic's column for the owner by username, and ours for the status by name (as exports write them). */
export const NAMED_TARGETS = ['ownerusername', 'status_name'] as const;
export type NamedTarget = (typeof NAMED_TARGETS)[number];

/** Fields an import cannot set (yet): their value comes from elsewhere. */
const NOT_IMPORTABLE: Readonly<Record<string, string>> = {
  stage: 'stages are not available yet',
};

/** Mautic's header key: trimmed, spaces to `_`, other non-alphanumerics removed, lower-cased. */
export function normaliseHeader(header: string): string {
  return header.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').trim().replace(/\s+/g, '_').replace(/[^A-Za-z0-9_]/g, '').toLowerCase();
}

const squeezed = (key: string) => key.replace(/_/g, '');

/**
 * The field each header most likely means: its key equal to an alias (`Business Phone` ->
 * business_phone), to an alias without underscores (`First Name` -> firstname), or to a
 * label's key (`Job title` -> position); else null. A field is suggested once, to its first header.
 */
export function suggestMapping(headers: readonly string[], fields: FieldSet): Record<string, string | null> {
  const candidates = fields.all.filter((f) => f.published && !(f.alias in NOT_IMPORTABLE));
  const byKey = new Map<string, string>();
  const add = (key: string, alias: string) => { if (key && !byKey.has(key)) byKey.set(key, alias); };
  for (const field of candidates) add(field.alias, field.alias);
  add(TAGS_TARGET, TAGS_TARGET);
  for (const target of NAMED_TARGETS) add(target, target);
  add('owner_username', 'ownerusername');
  add('statusname', 'status_name');
  for (const field of candidates) add(squeezed(field.alias), field.alias);
  for (const field of candidates) add(normaliseHeader(field.label), field.alias);
  for (const field of candidates) add(squeezed(normaliseHeader(field.label)), field.alias);
  add('email_address', 'email');
  add('emailaddress', 'email');
  add('mail', 'email');

  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const header of headers) {
    if (header === '' || header in mapping) continue;
    const key = normaliseHeader(header);
    const alias = byKey.get(key) ?? byKey.get(squeezed(key));
    mapping[header] = alias && !taken.has(alias) ? alias : null;
    if (alias) taken.add(alias);
  }
  return mapping;
}

/** The headers of a file: trimmed; a blank one is a column to leave out, a repeated one a 400. */
export function checkHeaders(cells: readonly string[]): string[] {
  const headers = cells.map((cell) => cell.trim());
  const seen = new Set<string>();
  for (const header of headers) {
    if (header === '') continue;
    if (seen.has(header)) throw errors.validation({ file: `the column "${header}" appears twice in the header line` });
    seen.add(header);
  }
  if (seen.size === 0) throw errors.validation({ file: 'the first line must name the columns (a header line), and it is empty' });
  return headers;
}

/**
 * The target of each column (by position), from the mapping given, where a header it does
 * not list gets the suggestion unless a listed header took that field. Every problem is a 400
 * naming `mapping`.
 */
export function resolveTargets(headers: readonly string[], given: Record<string, string | null> | undefined, fields: FieldSet): (Target | null)[] {
  const explicit = given ?? {};
  const present = new Set(headers.filter((h) => h !== ''));
  const problems: string[] = [];
  const claimed = new Map<string, string>();
  for (const [header, alias] of Object.entries(explicit)) {
    if (!present.has(header)) problems.push(`the file has no column "${header}"`);
    if (alias === null) continue;
    if (typeof alias !== 'string') problems.push(`"${header}": give a field alias or null`);
    else if (claimed.has(alias)) problems.push(`"${claimed.get(alias)}" and "${header}" both go to ${alias}`);
    else claimed.set(alias, header);
  }
  const suggested = suggestMapping(headers, fields);
  const targets = headers.map((header): Target | null => {
    if (header === '') return null;
    const alias = Object.hasOwn(explicit, header) ? explicit[header] : suggested[header];
    if (typeof alias !== 'string') return null;
    if (!Object.hasOwn(explicit, header) && claimed.has(alias)) return null;
    if (alias === TAGS_TARGET) return { tags: true };
    if ((NAMED_TARGETS as readonly string[]).includes(alias)) return { byName: alias as NamedTarget };
    const field = fields.byAlias.get(alias);
    if (!field) {
      problems.push(`"${header}": there is no field "${alias}"`);
      return null;
    }
    if (alias in NOT_IMPORTABLE) problems.push(`"${header}": ${alias} cannot be imported: ${NOT_IMPORTABLE[alias]}`);
    return { field };
  });
  if (problems.length > 0) throw errors.validation({ mapping: problems.join('; ') });
  return targets;
}
