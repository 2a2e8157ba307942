import { ActionIcon, Badge, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconLinkOff, IconUsersGroup } from '@tabler/icons-react';
import { api, errorMessage } from '../../api/client';
import type { Contact, Membership } from '../../api/types';
import { TableCard } from '../../components/TableCard';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

/** Accounts of the customer's own web app (users, customers) linked to this contact. */
export function MembershipsTab({ contact }: { contact: Contact }) {
  const list = useResource((signal) => api.get<{ memberships: Membership[] }>(`/api/v1/contacts/${contact.id}/memberships`, undefined, signal), [contact.id, contact.updated_at]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (!list.data) return <LoadingRows rows={3} />;
  if (list.data.memberships.length === 0) {
    return <Empty icon={<IconUsersGroup />} title="No linked accounts" description="When this person registers or signs in to your web app (through the SDK), their account shows here." />;
  }
  const unlink = (membership: Membership) => modals.openConfirmModal({
    title: <Text fw={650}>Unlink this account?</Text>,
    children: <Text size="sm">The {membership.kind} “{membership.user_name ?? membership.external_id}” will no longer be linked to this contact.</Text>,
    labels: { confirm: 'Unlink', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/contacts/${contact.id}/memberships/${membership.id}`);
        list.reload();
      } catch (error) {
        notifications.show({ color: 'red', title: 'Not unlinked', message: errorMessage(error) });
      }
    },
  });
  return (
    <TableCard>
      <Table.Thead>
        <Table.Tr><Table.Th>Kind</Table.Th><Table.Th>User name</Table.Th><Table.Th>External id</Table.Th><Table.Th>Linked</Table.Th><Table.Th w={50} /></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {list.data.memberships.map((m) => (
          <Table.Tr key={m.id}>
            <Table.Td><Badge variant="light" tt="none">{m.kind}</Badge></Table.Td>
            <Table.Td fz="sm">{m.user_name ?? '—'}</Table.Td>
            <Table.Td fz="sm">{m.external_id}</Table.Td>
            <Table.Td fz="sm">{formatDateTime(m.created_at)}</Table.Td>
            <Table.Td>
              <Tooltip label="Unlink"><ActionIcon variant="subtle" color="red" aria-label={`Unlink ${m.user_name ?? m.external_id}`} onClick={() => unlink(m)}><IconLinkOff size={16} /></ActionIcon></Tooltip>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </TableCard>
  );
}
