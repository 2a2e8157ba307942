import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Contact, FieldGroup } from '../../api/types';
import { useReference } from '../../app/reference';
import { FieldValue } from '../../components/FieldValue';
import { formatDateTime } from '../../lib/format';

const GROUPS: readonly { key: FieldGroup | 'custom'; label: string }[] = [
  { key: 'core', label: 'Core' },
  { key: 'social', label: 'Social' },
  { key: 'personal', label: 'Personal' },
  { key: 'professional', label: 'Professional' },
  { key: 'custom', label: 'Custom fields' },
];

/** Every published field, grouped like the form, and the contact's system dates. */
export function DetailsTab({ contact }: { contact: Contact }) {
  const { fields } = useReference();
  const published = fields.filter((f) => f.published && !(f.type === 'reference' && f.references === 'stages'));
  const system: [string, string][] = [
    ['Contact ID', String(contact.id)],
    ['Created', formatDateTime(contact.created_at)],
    ['Updated', formatDateTime(contact.updated_at)],
    ['First seen', formatDateTime(contact.first_seen_at) || '—'],
    ['Last active', formatDateTime(contact.last_active_at) || '—'],
    ['Identified', formatDateTime(contact.identified_at) || '—'],
  ];
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="details">
      {GROUPS.map((group) => {
        const inGroup = published.filter((f) => (f.builtin ? f.group : 'custom') === group.key);
        if (inGroup.length === 0) return null;
        return (
          <Paper key={group.key} withBorder p="md">
            <Title order={2} fz="sm" mb="sm">{group.label}</Title>
            <dl className="cb-kv">
              {inGroup.map((field) => (
                <div key={field.alias} style={{ display: 'contents' }}>
                  <dt>{field.label}</dt>
                  <dd><FieldValue field={field} value={contact[field.alias]} /></dd>
                </div>
              ))}
            </dl>
          </Paper>
        );
      })}
      <Paper withBorder p="md">
        <Title order={2} fz="sm" mb="sm">System</Title>
        <Stack gap={0}>
          <dl className="cb-kv">
            {system.map(([label, value]) => (
              <div key={label} style={{ display: 'contents' }}>
                <dt>{label}</dt>
                <dd><Text span size="sm">{value}</Text></dd>
              </div>
            ))}
          </dl>
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
