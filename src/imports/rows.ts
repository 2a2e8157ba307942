import type { ContactChanges } from '../contacts/input.js';
import { isFreeText } from '../exports/columns.js';
import { unescapeFormula } from '../exports/formula.js';
import type { FieldDef } from '../fields/registry.js';
import { normaliseValue, type Normalised } from '../fields/values.js';
import { parseTagChanges } from '../tags/service.js';
import type { CsvRecord } from './csv.js';
import { isZeroDate, parseDate } from './dates.js';
import type { Target } from './mapping.js';

/** The literal that clears a field (Mautic's rule); an empty cell leaves it alone. */
const CLEAR = 'NULL';
const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes', 'y', 't']);
const INT32_MAX = 2_147_483_647;

export interface RowValues {
  /** The values the row sets: by column, or custom field alias; null where the cell says NULL. */
  readonly given: ContactChanges;
  /** Fields whose cells were empty: cleared on a matched contact only with overwrite_blank. */
  readonly blank: readonly FieldDef[];
  readonly tags: { readonly add: string[]; readonly remove: string[] };
  /** The owner's username and the status's name, to look up (see names.ts); null clears. */
  readonly names: { ownerusername?: string | null; status_name?: string | null };
}

/** A record made ready to write: its values, or why it fails (or is skipped). */
export interface CleanRow {
  readonly line: number;
  readonly cells: readonly string[];
  readonly values?: RowValues;
  /** Why the row fails, as the report says it. */
  readonly failure?: string;
  /** A row of blank values: nothing to import. */
  readonly blankRow?: boolean;
}

const fail = (message: string): Normalised => ({ ok: false, message });

const FREE_TEXT_FIELDS = new WeakMap<FieldDef, boolean>();

/** Whether the export escapes a field's values as formulas (and so the import unescapes them); asked once a field. */
function freeText(field: FieldDef): boolean {
  let known = FREE_TEXT_FIELDS.get(field);
  if (known === undefined) FREE_TEXT_FIELDS.set(field, (known = isFreeText({ kind: 'field', name: field.alias, field })));
  return known;
}

/**
 * One cell for one field, with the import's own readings before the API's rules
 * (src/fields/values.ts): booleans are true for 1/true/on/yes (any case) and false for
 * anything else, dates come in the common formats, numbers may use a decimal comma.
 */
export function cleanValue(field: FieldDef, text: string): Normalised {
  switch (field.type) {
    case 'boolean':
      return { ok: true, value: TRUE_WORDS.has(text.toLowerCase()) };
    case 'date': {
      const parsed = parseDate(text);
      return parsed ? normaliseValue(field, parsed.date) : fail('must be a date such as 2024-03-31, 31.03.2024, 03/31/2024 or 31 March 2024');
    }
    case 'datetime': {
      const parsed = parseDate(text);
      if (!parsed) return fail('must be a date and time such as 2024-03-31 14:30 or 2024-03-31T14:30:00+02:00');
      return normaliseValue(field, `${parsed.date}T${parsed.time ?? '00:00:00'}${parsed.zone ?? 'Z'}`);
    }
    case 'number': {
      const decimalComma = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
      const result = normaliseValue(field, decimalComma);
      if (result.ok && field.alias === 'points' && (!Number.isInteger(result.value) || Math.abs(result.value as number) > INT32_MAX)) return fail('must be a whole number');
      return result;
    }
    default:
      return normaliseValue(field, text);
  }
}

function set(changes: ContactChanges, field: FieldDef, value: unknown) {
  if (field.column) (changes.columns as Record<string, unknown>)[field.column] = value;
  else changes.custom[field.alias] = value;
}

/**
 * Reads a record against the columns' targets, as Mautic does: an all-empty record fails
 * (line_empty), more values than headers fails (header_mismatch), fewer are padded with empty
 * cells; values are trimmed; a row whose values are all blank is skipped.
 */
export function cleanRow(record: CsvRecord, targets: readonly (Target | null)[]): CleanRow {
  const { line, cells } = record;
  if (record.error) return { line, cells, failure: `unreadable: ${record.error}` };
  if (cells.every((cell) => cell === '')) return { line, cells, failure: 'line_empty: the line has no values' };
  if (cells.length > targets.length) return { line, cells, failure: `header_mismatch: ${cells.length} values for ${targets.length} columns` };
  const trimmed = cells.map((cell) => cell.trim());
  if (trimmed.every((cell) => cell === '')) return { line, cells, blankRow: true };

  const given: ContactChanges = { columns: {}, custom: {} };
  const blank: FieldDef[] = [];
  const tags = { add: [] as string[], remove: [] as string[] };
  const names: RowValues['names'] = {};
  const problems: string[] = [];
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i];
    const text = trimmed[i] ?? '';
    if (!target) continue;
    if ('byName' in target) {
      if (text !== '') names[target.byName] = text === CLEAR ? null : text;
      continue;
    }
    if ('tags' in target) {
      if (text === '') continue;
      try {
        const changes = parseTagChanges(unescapeFormula(text).split('|'));
        tags.add.push(...changes.add);
        tags.remove.push(...changes.remove);
      } catch (error) {
        problems.push(`tags: ${(error as Error & { fields?: Record<string, string> }).fields?.tags ?? (error as Error).message}`);
      }
      continue;
    }
    const { field } = target;
    if (text === '' || ((field.type === 'date' || field.type === 'datetime') && isZeroDate(text))) {
      blank.push(field);
      continue;
    }
    if (text === CLEAR) {
      set(given, field, field.alias === 'points' ? 0 : null);
      continue;
    }
    const result = cleanValue(field, freeText(field) ? unescapeFormula(text) : text);
    if (result.ok) set(given, field, result.value);
    else problems.push(`${field.alias}: ${result.message}`);
  }
  if (problems.length > 0) return { line, cells, failure: problems.join('; ') };
  return { line, cells, values: { given, blank, tags, names } };
}
