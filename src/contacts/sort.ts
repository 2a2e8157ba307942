import { errors } from '../errors.js';
import type { FieldSet } from '../fields/registry.js';
import type { SortKey } from './repo.js';

const SORTABLE_SYSTEM = ['id', 'created_at', 'updated_at', 'first_seen_at', 'last_active_at', 'identified_at'];

export function parseSort(fields: FieldSet, sort: string | undefined): SortKey[] {
  const keys: SortKey[] = [];
  for (const part of (sort || '-created_at').split(',').map((s) => s.trim()).filter(Boolean)) {
    const descending = part.startsWith('-');
    const alias = part.replace(/^[-+]/, '');
    const field = fields.byAlias.get(alias);
    if (SORTABLE_SYSTEM.includes(alias)) keys.push({ column: alias, descending });
    else if (field?.column) keys.push({ column: field.column, descending });
    else if (field) keys.push({ customAlias: alias, descending });
    else throw errors.validation({ sort: `"${alias}" is not a field you can sort by` });
  }
  if (!keys.some((k) => k.column === 'id')) keys.push({ column: 'id', descending: keys[0]?.descending ?? true });
  return keys;
}
