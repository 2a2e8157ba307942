import { Button, ColorInput, ColorSwatch, Group, Modal, NumberInput, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTag } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Status } from '../../api/types';
import { useReference } from '../../app/reference';
import { useUser } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { RowActions } from '../../components/RowActions';
import { TableCard } from '../../components/TableCard';
import { Empty, SaveErrorAlert } from '../../components/states';

const SWATCHES = ['#4c6ef5', '#12b886', '#fab005', '#fd7e14', '#fa5252', '#be4bdb', '#15aabf', '#868e96'];

function StatusEditor({ status, onClose }: { status?: Status; onClose: () => void }) {
  const reference = useReference();
  const [name, setName] = useState(status?.name ?? '');
  const [description, setDescription] = useState(status?.description ?? '');
  const [color, setColor] = useState(status?.color ?? '#4c6ef5');
  const [order, setOrder] = useState<number | ''>(status?.order ?? '');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const errors = error instanceof ApiError ? error.fields : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const body = { name, description, color: color || null, ...(order !== '' ? { order } : {}) };
    try {
      if (status) await api.patch(`/api/v1/statuses/${status.id}`, body);
      else await api.post('/api/v1/statuses', body);
      notifications.show({ color: 'teal', title: status ? 'Status saved' : 'Status created', message: name });
      reference.reload();
      onClose();
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={status ? 'Edit status' : 'New status'}>
      <Stack gap="md">
        {error !== undefined && <SaveErrorAlert error={error} shown={['name', 'description', 'color', 'order']} />}
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-autofocus placeholder="e.g. VIP" />
        <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} autosize minRows={2} />
        <Group grow>
          <ColorInput label="Color" value={color} onChange={setColor} swatches={SWATCHES} format="hex" error={errors.color} />
          <NumberInput label="Order" min={0} value={order} onChange={(v) => setOrder(v === '' ? '' : Number(v))} error={errors.order} allowDecimal={false} />
        </Group>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={saving}>{status ? 'Save status' : 'Create status'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function StatusesPage() {
  const reference = useReference();
  const admin = useUser().role === 'admin';
  const [editing, setEditing] = useState<Status | 'new'>();

  const remove = (status: Status) => modals.openConfirmModal({
    title: <Text fw={650}>Delete the status “{status.name}”?</Text>,
    children: <Text size="sm">Contacts that have it will have no status.</Text>,
    labels: { confirm: 'Delete status', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/statuses/${status.id}`);
        reference.reload();
      } catch (error) {
        notifications.show({ color: 'red', title: 'The status was not deleted', message: errorMessage(error) });
      }
    },
  });

  return (
    <>
      <PageHeader title="Statuses" description="Labels your team gives contacts, such as “VIP” or “Prospective client”."
        actions={admin && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New status</Button>} />
      {reference.statuses.length === 0 ? (
        <Empty icon={<IconTag />} title="No statuses yet" description="Create statuses to sort contacts at a glance.">
          {admin && <Button onClick={() => setEditing('new')}>New status</Button>}
        </Empty>
      ) : (
        <TableCard data-testid="statuses-table">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Description</Table.Th><Table.Th ta="right">Order</Table.Th><Table.Th w={90} /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {reference.statuses.map((status) => (
              <Table.Tr key={status.id}>
                <Table.Td><Group gap="xs" wrap="nowrap"><ColorSwatch color={status.color ?? '#adb5bd'} size={12} /><Text size="sm" fw={500}>{status.name}</Text></Group></Table.Td>
                <Table.Td fz="sm" c="dimmed">{status.description || '—'}</Table.Td>
                <Table.Td fz="sm" ta="right">{status.order}</Table.Td>
                <Table.Td>
                  {admin && (
                    <RowActions name={status.name} onEdit={() => setEditing(status)} onDelete={() => remove(status)} />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      )}
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={<Text fw={650}>{editing === 'new' ? 'New status' : 'Edit status'}</Text>}>
        {editing !== undefined && <StatusEditor status={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />}
      </Modal>
    </>
  );
}
