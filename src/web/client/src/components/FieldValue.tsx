import { Anchor, Badge, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Field } from '../api/types';
import { useReference, userName } from '../app/reference';
import { formatDate, formatDateTime, formatNumber } from '../lib/format';
import { StatusBadge } from './StatusBadge';

const optionLabel = (field: Field, value: string) => field.options.find((o) => o.value === value)?.label ?? value;

/** A field's value for reading, as text (never as HTML: values come from visitors too). */
/** `plain`: links as text, for dense lists. */
export function FieldValue({ field, value, plain = false, empty = <Text span c="dimmed">—</Text> }: { field: Field; value: unknown; plain?: boolean; empty?: ReactNode }) {
  const reference = useReference();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return <>{empty}</>;
  switch (field.type) {
    case 'boolean':
      return <>{value ? 'Yes' : 'No'}</>;
    case 'number':
      return <>{typeof value === 'number' ? formatNumber(value) : String(value)}</>;
    case 'date':
      return <>{formatDate(String(value))}</>;
    case 'datetime':
      return <>{formatDateTime(String(value))}</>;
    case 'select':
      return <>{optionLabel(field, String(value))}</>;
    case 'multiselect':
      return (
        <Group gap={4}>
          {(Array.isArray(value) ? value : [value]).map((v) => <Badge key={String(v)} variant="light" color="gray" tt="none" fw={500}>{optionLabel(field, String(v))}</Badge>)}
        </Group>
      );
    case 'url': {
      if (plain) return <>{String(value).replace(/^https?:\/\//i, '')}</>;
      const href = String(value);
      // Only web addresses become links; anything else stays text.
      return /^https?:\/\//i.test(href)
        ? <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" size="sm">{href.replace(/^https?:\/\//i, '')}</Anchor>
        : <>{href}</>;
    }
    case 'email':
      if (plain) return <>{String(value)}</>;
      return <Anchor href={`mailto:${String(value)}`} size="sm">{String(value)}</Anchor>;
    case 'reference':
      if (field.references === 'statuses') return reference.statusById(value) ? <StatusBadge status={reference.statusById(value)} /> : <>#{String(value)}</>;
      if (field.references === 'users') return <>{userName(reference.userById(value)) || `User #${String(value)}`}</>;
      return <>#{String(value)}</>;
    default:
      return <>{String(value)}</>;
  }
}
