import { Badge, Code, Group, Select, Table, Text, TextInput } from '@mantine/core';
import type { ComboboxData } from '@mantine/core';
import { FIELD_TYPES, type Field, type FieldType } from '../../api/types';

export const SKIP = '__skip';
export const CREATE = '__create';

export interface NewField {
  label: string;
  type: Exclude<FieldType, 'reference'>;
}

/** Where each column of the file goes: a field, tags, a field to create, or nowhere. */
export function MappingTable({ headers, rows, fields, mapping, suggested, creates, canCreate, onMap, onCreateChange }: {
  headers: readonly string[];
  rows: readonly string[][];
  fields: readonly Field[];
  mapping: Readonly<Record<string, string>>;
  suggested: Readonly<Record<string, string | null>>;
  creates: Readonly<Record<string, NewField>>;
  canCreate: boolean;
  onMap: (header: string, target: string) => void;
  onCreateChange: (header: string, field: NewField) => void;
}) {
  const targets: ComboboxData = [
    { group: 'Do not', items: [{ value: SKIP, label: 'Don’t import' }] },
    { group: 'Contact fields', items: fields.map((f) => ({ value: f.alias, label: `${f.label} (${f.alias})` })) },
    { group: 'Other', items: [{ value: 'tags', label: 'Tags (separated by |)' }, ...(canCreate ? [{ value: CREATE, label: 'Create a field…' }] : [])] },
  ];
  const used = new Map<string, number>();
  for (const target of Object.values(mapping)) if (target !== SKIP && target !== CREATE) used.set(target, (used.get(target) ?? 0) + 1);

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table data-testid="mapping-table" verticalSpacing="xs">
        <Table.Thead><Table.Tr><Table.Th>Column in the file</Table.Th><Table.Th>First values</Table.Th><Table.Th w={340}>Imported into</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {headers.map((header, index) => {
            if (header === '') return null;
            const target = mapping[header] ?? SKIP;
            const samples = rows.map((row) => row[index] ?? '').filter((v) => v !== '').slice(0, 3);
            const twice = target !== SKIP && target !== CREATE && target !== 'tags' && (used.get(target) ?? 0) > 1;
            return (
              <Table.Tr key={header} data-testid="mapping-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>{header}</Text>
                    {suggested[header] && suggested[header] === target && <Badge size="xs" variant="light" color="teal" tt="none">suggested</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td maw={280}>
                  {samples.length ? <Text size="xs" c="dimmed" truncate>{samples.map((s, i) => <Code key={i} fz="xs" mr={4}>{s}</Code>)}</Text> : <Text size="xs" c="dimmed">empty</Text>}
                </Table.Td>
                <Table.Td>
                  <Select aria-label={`Import ${header} into`} size="xs" data={targets} value={target} allowDeselect={false} searchable
                    error={twice ? 'Another column goes here too' : undefined} onChange={(value) => value && onMap(header, value)} comboboxProps={{ withinPortal: true }} />
                  {target === CREATE && (
                    <Group gap={6} mt={6} wrap="nowrap">
                      <TextInput size="xs" aria-label={`New field label for ${header}`} placeholder="Label" value={creates[header]?.label ?? header}
                        onChange={(e) => onCreateChange(header, { label: e.currentTarget.value, type: creates[header]?.type ?? 'text' })} style={{ flex: 1 }} />
                      <Select size="xs" aria-label={`New field type for ${header}`} data={FIELD_TYPES.filter((t) => t !== 'select' && t !== 'multiselect' && t !== 'lookup')} value={creates[header]?.type ?? 'text'} w={120} allowDeselect={false}
                        onChange={(type) => type && onCreateChange(header, { label: creates[header]?.label ?? header, type: type as NewField['type'] })} />
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
