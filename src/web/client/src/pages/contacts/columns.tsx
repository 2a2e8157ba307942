import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Contact, Field } from '../../api/types';
import { FieldValue } from '../../components/FieldValue';
import { formatDateTime, timeAgo } from '../../lib/format';

export interface Column {
  readonly key: string;
  readonly label: string;
  /** The API's sort for this column (`sort=`), if it can sort. */
  readonly sort?: string;
  readonly align?: 'right';
  render(contact: Contact): ReactNode;
}

const NAME_PARTS = new Set(['title', 'firstname', 'middlename', 'lastname', 'stage']);

function when(iso: unknown) {
  if (typeof iso !== 'string' || !iso) return <Text span c="dimmed">—</Text>;
  return <Text span size="sm" title={formatDateTime(iso)}>{timeAgo(iso)}</Text>;
}

/** Every column the list can show: system ones, location, then each published field. */
export function allColumns(fields: readonly Field[]): Column[] {
  const system: Column[] = [
    { key: 'location', label: 'Location', sort: 'country,city', render: (c) => [c.city, c.country].filter((v) => typeof v === 'string' && v).join(', ') || <Text span c="dimmed">—</Text> },
    { key: 'last_active_at', label: 'Last active', sort: 'last_active_at', render: (c) => when(c.last_active_at) },
    { key: 'created_at', label: 'Created', sort: 'created_at', render: (c) => when(c.created_at) },
    { key: 'updated_at', label: 'Updated', sort: 'updated_at', render: (c) => when(c.updated_at) },
    { key: 'first_seen_at', label: 'First seen', sort: 'first_seen_at', render: (c) => when(c.first_seen_at) },
    { key: 'identified_at', label: 'Identified', sort: 'identified_at', render: (c) => when(c.identified_at) },
    { key: 'id', label: 'ID', sort: 'id', align: 'right', render: (c) => c.id },
  ];
  const fieldColumns = fields.filter((f) => f.published && !NAME_PARTS.has(f.alias)).map((field): Column => ({
    key: field.alias,
    label: field.label,
    sort: field.alias,
    align: field.type === 'number' ? 'right' : undefined,
    render: (c) => <FieldValue field={field} value={c[field.alias]} plain />,
  }));
  return [...fieldColumns, ...system];
}

export const DEFAULT_COLUMNS = ['email', 'company', 'status', 'owner', 'points', 'last_active_at'];
export const COLUMNS_STORAGE_KEY = 'contactbase.contacts.columns';

export function loadColumns(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMNS_STORAGE_KEY) ?? 'null');
    if (Array.isArray(saved) && saved.every((k) => typeof k === 'string')) return saved;
  } catch {
    // A broken value falls back to the defaults.
  }
  return DEFAULT_COLUMNS;
}

export function saveColumns(keys: readonly string[]) {
  localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(keys));
}

/** `lastname` -> `-lastname`; `-a,-b` -> `a,b`. */
export function reverseSort(sort: string): string {
  return sort.split(',').map((part) => (part.startsWith('-') ? part.slice(1) : `-${part}`)).join(',');
}
