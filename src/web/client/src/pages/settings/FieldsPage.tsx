import {
  ActionIcon, Badge, Button, Code, Divider, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Table,
  Text, TextInput, Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import { FIELD_GROUPS, FIELD_TYPES, type Field, type FieldOption, type FieldType } from '../../api/types';
import { useReference } from '../../app/reference';
import { useUser } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { TableCard } from '../../components/TableCard';
import { SaveErrorAlert } from '../../components/states';

const TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text', textarea: 'Long text', email: 'Email', phone: 'Phone', url: 'Web address', number: 'Number', boolean: 'Yes / no',
  date: 'Date', datetime: 'Date and time', time: 'Time', select: 'Select', multiselect: 'Multi-select', country: 'Country',
  region: 'Region', locale: 'Locale', timezone: 'Time zone', lookup: 'Lookup (text with suggestions)', reference: 'Link',
};
const GROUP_LABELS: Record<string, string> = { core: 'Core', social: 'Social', personal: 'Personal', professional: 'Professional' };
const WITH_OPTIONS = new Set<FieldType>(['select', 'multiselect', 'lookup']);

/** The alias the server derives from a label when none is given (src/fields/service.ts). */
export function aliasFromLabel(label: string): string {
  const base = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[\s-]+/g, '_').replace(/[^a-z0-9_]/g, '').replace(/_+/g, '_').replace(/^_+|_+$/g, '')
    .slice(0, 60);
  if (!base) return '';
  return /^[a-z]/.test(base) ? base : `f_${base}`;
}

interface Draft {
  label: string;
  alias: string;
  type: FieldType;
  group: string;
  order: number | '';
  required: boolean;
  unique_identifier: boolean;
  publicly_updatable: boolean;
  quick_add: boolean;
  published: boolean;
  options: FieldOption[];
}

const FLAGS: readonly { key: keyof Draft & keyof Field; label: string; description: string }[] = [
  { key: 'published', label: 'Published', description: 'Shown in forms and lists, and usable in search' },
  { key: 'required', label: 'Required', description: 'A contact cannot be saved without it' },
  { key: 'unique_identifier', label: 'Unique identifier', description: 'Contacts are matched and de-duplicated on it' },
  { key: 'quick_add', label: 'Quick add', description: 'Part of the short “Quick add” form' },
  { key: 'publicly_updatable', label: 'Publicly updatable', description: 'Tracking (script, pixel, forms) may set it' },
];

function draftOf(field?: Field): Draft {
  return field ? {
    label: field.label, alias: field.alias, type: field.type, group: field.group, order: field.order, required: field.required,
    unique_identifier: field.unique_identifier, publicly_updatable: field.publicly_updatable, quick_add: field.quick_add,
    published: field.published, options: field.options.map((o) => ({ ...o })),
  } : {
    label: '', alias: '', type: 'text', group: 'core', order: '', required: false, unique_identifier: false, publicly_updatable: false,
    quick_add: false, published: true, options: [],
  };
}

function OptionsEditor({ options, onChange, error, readOnly }: { options: FieldOption[]; onChange: (options: FieldOption[]) => void; error?: string; readOnly: boolean }) {
  const set = (index: number, patch: Partial<FieldOption>) => onChange(options.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>Options</Text>
      {options.length === 0 && <Text size="xs" c="dimmed">No options yet.</Text>}
      {options.map((option, index) => (
        <Group key={index} gap="xs" wrap="nowrap">
          <TextInput aria-label={`Option ${index + 1} value`} placeholder="value" value={option.value} readOnly={readOnly} style={{ flex: 1 }}
            onChange={(e) => set(index, { value: e.currentTarget.value })} />
          <TextInput aria-label={`Option ${index + 1} label`} placeholder="label (optional)" value={option.label === option.value ? '' : option.label} readOnly={readOnly} style={{ flex: 1 }}
            onChange={(e) => set(index, { label: e.currentTarget.value })} />
          {!readOnly && <ActionIcon variant="subtle" color="gray" aria-label={`Remove option ${index + 1}`} onClick={() => onChange(options.filter((_, i) => i !== index))}><IconTrash size={16} /></ActionIcon>}
        </Group>
      ))}
      {error && <Text size="xs" c="red">{error}</Text>}
      {!readOnly && <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...options, { value: '', label: '' }])}>Add option</Button></Group>}
    </Stack>
  );
}

function FieldEditor({ field, onClose }: { field?: Field; onClose: () => void }) {
  const reference = useReference();
  const readOnly = useUser().role !== 'admin';
  const [draft, setDraft] = useState<Draft>(() => draftOf(field));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const errors = error instanceof ApiError ? error.fields : {};
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const options = draft.options.filter((o) => o.value.trim()).map((o) => ({ value: o.value.trim(), label: o.label.trim() || o.value.trim() }));
    const body: Record<string, unknown> = {
      label: draft.label, group: draft.group, required: draft.required, unique_identifier: draft.unique_identifier,
      publicly_updatable: draft.publicly_updatable, quick_add: draft.quick_add, published: draft.published,
      ...(draft.order !== '' ? { order: draft.order } : {}),
      ...(WITH_OPTIONS.has(draft.type) ? { options } : {}),
    };
    try {
      if (field) await api.patch(`/api/v1/fields/${field.alias}`, body);
      else await api.post('/api/v1/fields', { ...body, type: draft.type, ...(draft.alias ? { alias: draft.alias } : {}) });
      notifications.show({ color: 'teal', title: field ? 'Field saved' : 'Field created', message: draft.label });
      reference.reload();
      onClose();
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  const remove = () => field && modals.openConfirmModal({
    title: <Text fw={650}>Delete the field “{field.label}”?</Text>,
    children: <Text size="sm">Its value is deleted from every contact. This cannot be undone.</Text>,
    labels: { confirm: 'Delete field', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/fields/${field.alias}`);
        notifications.show({ color: 'teal', title: 'Field deleted', message: field.label });
        reference.reload();
        onClose();
      } catch (failure) {
        notifications.show({ color: 'red', title: 'The field was not deleted', message: errorMessage(failure) });
      }
    },
  });

  return (
    <form onSubmit={submit} noValidate aria-label={field ? 'Edit field' : 'New field'}>
      <Stack gap="md">
        {error !== undefined && <SaveErrorAlert error={error} shown={['label', 'alias', 'type', 'group', 'order', 'options', ...FLAGS.map((f) => f.key)]} />}
        <TextInput label="Label" required value={draft.label} onChange={(e) => set('label', e.currentTarget.value)} error={errors.label} readOnly={readOnly} data-autofocus />
        <SimpleGrid cols={2}>
          <TextInput label="Alias" description={field ? 'Cannot change' : 'Used by the API; cannot change later'} value={field ? field.alias : draft.alias}
            placeholder={aliasFromLabel(draft.label) || 'derived from the label'} disabled={Boolean(field)} readOnly={readOnly}
            onChange={(e) => set('alias', e.currentTarget.value)} error={errors.alias} />
          <Select label="Type" description={field ? 'Cannot change' : 'How values are checked and entered'} disabled={Boolean(field)} readOnly={readOnly}
            data={(field ? [field.type] : FIELD_TYPES).map((t) => ({ value: t, label: TYPE_LABELS[t] }))} value={draft.type}
            onChange={(value) => value && set('type', value as FieldType)} allowDeselect={false} error={errors.type} />
          <Select label="Group" description="The tab of the contact form" data={FIELD_GROUPS.map((g) => ({ value: g, label: GROUP_LABELS[g] }))}
            value={draft.group} onChange={(value) => value && set('group', value)} allowDeselect={false} error={errors.group} readOnly={readOnly} />
          <NumberInput label="Order" description="Position in forms and lists" min={0} max={1_000_000} value={draft.order}
            onChange={(value) => set('order', value === '' ? '' : Number(value))} error={errors.order} readOnly={readOnly} allowDecimal={false} />
        </SimpleGrid>
        {WITH_OPTIONS.has(draft.type) && <OptionsEditor options={draft.options} onChange={(o) => set('options', o)} error={errors.options} readOnly={readOnly} />}
        <Divider />
        <Stack gap="sm">
          {FLAGS.map((flag) => (
            <Switch key={flag.key} label={flag.label} description={flag.description} checked={Boolean(draft[flag.key])} disabled={readOnly}
              onChange={(e) => set(flag.key, e.currentTarget.checked as never)} error={errors[flag.key]} />
          ))}
        </Stack>
        <Group justify="space-between" mt="xs">
          <div>{field && !field.builtin && !readOnly && <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={remove}>Delete field</Button>}</div>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</Button>
            {!readOnly && <Button type="submit" loading={saving}>{field ? 'Save field' : 'Create field'}</Button>}
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

const flagBadges = (field: Field) => [
  field.unique_identifier && <Badge key="u" size="xs" variant="light" color="indigo">identifier</Badge>,
  field.required && <Badge key="r" size="xs" variant="light" color="red">required</Badge>,
  field.quick_add && <Badge key="q" size="xs" variant="light" color="teal">quick add</Badge>,
  field.publicly_updatable && <Badge key="p" size="xs" variant="light" color="orange">public</Badge>,
  !field.published && <Badge key="h" size="xs" variant="outline" color="gray">unpublished</Badge>,
].filter(Boolean);

export default function FieldsPage() {
  const reference = useReference();
  const admin = useUser().role === 'admin';
  const [editing, setEditing] = useState<Field | 'new'>();
  const [show, setShow] = useState<'all' | 'custom' | 'builtin'>('all');
  const fields = reference.fields.filter((f) => show === 'all' || (show === 'custom') !== f.builtin);

  return (
    <>
      <PageHeader title="Fields" description="What you know about a contact. Built-in fields can be hidden; custom fields are yours."
        actions={admin && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New field</Button>} />
      <Group mb="sm">
        <SegmentedControl size="xs" value={show} onChange={(v) => setShow(v as typeof show)} aria-label="Which fields"
          data={[{ value: 'all', label: 'All' }, { value: 'custom', label: 'Custom' }, { value: 'builtin', label: 'Built-in' }]} />
      </Group>
      {fields.length === 0 ? (
        <Text size="sm" c="dimmed" py="lg">No custom fields yet.{admin ? ' Create one with “New field”.' : ''}</Text>
      ) : (
        <TableCard minWidth={640} data-testid="fields-table">
          <Table.Thead>
            <Table.Tr><Table.Th>Field</Table.Th><Table.Th>Type</Table.Th><Table.Th>Group</Table.Th><Table.Th>Settings</Table.Th><Table.Th ta="right">Order</Table.Th><Table.Th w={50} /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((field) => (
              <Table.Tr key={field.alias}>
                <Table.Td>
                  <Text size="sm" fw={500}>{field.label}</Text>
                  <Group gap={6}><Code fz="xs">{field.alias}</Code>{!field.builtin && <Badge size="xs" variant="dot" color="grape">custom</Badge>}</Group>
                </Table.Td>
                <Table.Td fz="sm">{TYPE_LABELS[field.type] ?? field.type}</Table.Td>
                <Table.Td fz="sm">{GROUP_LABELS[field.group] ?? field.group}</Table.Td>
                <Table.Td><Group gap={4}>{flagBadges(field)}</Group></Table.Td>
                <Table.Td fz="sm" ta="right">{field.order}</Table.Td>
                <Table.Td>
                  <Tooltip label={admin ? 'Edit' : 'View'}>
                    <ActionIcon variant="subtle" color="gray" aria-label={`${admin ? 'Edit' : 'View'} ${field.label}`} onClick={() => setEditing(field)}><IconEdit size={16} /></ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      )}
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} size="lg"
        title={<Text fw={650}>{editing === 'new' ? 'New field' : editing ? editing.label : ''}</Text>}>
        {editing !== undefined && <FieldEditor field={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
      </Modal>
    </>
  );
}
