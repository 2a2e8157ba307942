import { Badge, Button, Group, Modal, PasswordInput, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { Role, User } from '../../api/types';
import { useReference, userName } from '../../app/reference';
import { useUser } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { RowActions } from '../../components/RowActions';
import { TableCard } from '../../components/TableCard';
import { ErrorState, LoadingRows, SaveErrorAlert } from '../../components/states';
import { formatDateTime, timeAgo } from '../../lib/format';
import { useResource } from '../../lib/useResource';

function UserEditor({ user, onClose, onSaved }: { user?: User; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState({
    username: user?.username ?? '', first_name: user?.first_name ?? '', last_name: user?.last_name ?? '', email: user?.email ?? '',
    role: (user?.role ?? 'user') as Role, password: '',
  });
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const errors = error instanceof ApiError ? error.fields : {};
  const set = (key: keyof typeof draft, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const body: Record<string, unknown> = { username: draft.username, first_name: draft.first_name, last_name: draft.last_name, email: draft.email.trim() || null, role: draft.role };
    if (draft.password) body.password = draft.password;
    try {
      if (user) await api.patch(`/api/v1/users/${user.id}`, body);
      else await api.post('/api/v1/users', body);
      notifications.show({ color: 'teal', title: user ? 'User saved' : 'User created', message: draft.username });
      onSaved();
      onClose();
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={user ? 'Edit user' : 'New user'}>
      <Stack gap="md">
        {error !== undefined && <SaveErrorAlert error={error} shown={['username', 'first_name', 'last_name', 'email', 'role', 'password']} />}
        <TextInput label="Username" required value={draft.username} onChange={(e) => set('username', e.currentTarget.value)} error={errors.username} autoComplete="off" data-autofocus />
        <SimpleGrid cols={2}>
          <TextInput label="First name" value={draft.first_name} onChange={(e) => set('first_name', e.currentTarget.value)} error={errors.first_name} />
          <TextInput label="Last name" value={draft.last_name} onChange={(e) => set('last_name', e.currentTarget.value)} error={errors.last_name} />
        </SimpleGrid>
        <TextInput label="Email" type="email" value={draft.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} />
        <Stack gap={4}>
          <Text size="sm" fw={500}>Role</Text>
          <SegmentedControl value={draft.role} onChange={(v) => set('role', v)} aria-label="Role"
            data={[{ value: 'user', label: 'User' }, { value: 'admin', label: 'Admin' }]} />
          <Text size="xs" c="dimmed">Admins also manage users, fields, statuses and settings.</Text>
          {errors.role && <Text size="xs" c="red">{errors.role}</Text>}
        </Stack>
        <PasswordInput label={user ? 'New password' : 'Password'} required={!user} description={user ? 'Leave empty to keep the current one' : 'At least 8 characters'}
          value={draft.password} onChange={(e) => set('password', e.currentTarget.value)} error={errors.password} autoComplete="new-password" />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={saving}>{user ? 'Save user' : 'Create user'}</Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function UsersPage() {
  const me = useUser();
  const reference = useReference();
  const users = useResource((signal) => api.get<{ users: User[]; total: number }>('/api/v1/users', { limit: 1000 }, signal), []);
  const [editing, setEditing] = useState<User | 'new'>();
  const saved = () => {
    users.reload();
    reference.reload();
  };

  const remove = (user: User) => modals.openConfirmModal({
    title: <Text fw={650}>Delete the user “{user.username}”?</Text>,
    children: <Text size="sm">They can no longer sign in, their API tokens stop working, and their contacts lose their owner.</Text>,
    labels: { confirm: 'Delete user', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/users/${user.id}`);
        saved();
      } catch (error) {
        notifications.show({ color: 'red', title: 'The user was not deleted', message: errorMessage(error) });
      }
    },
  });

  return (
    <>
      <PageHeader title="Users" description="The people who can sign in to Contactbase."
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>New user</Button>} />
      {users.error ? <ErrorState error={users.error} onRetry={users.reload} /> : !users.data ? <LoadingRows rows={4} /> : (
        <TableCard minWidth={640} data-testid="users-table">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Username</Table.Th><Table.Th>Email</Table.Th><Table.Th>Role</Table.Th><Table.Th>Last sign-in</Table.Th><Table.Th w={90} /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {users.data.users.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td fz="sm" fw={500}>{userName(user)}{user.id === me.id && <Badge ml="xs" size="xs" variant="light">you</Badge>}</Table.Td>
                <Table.Td fz="sm">{user.username}</Table.Td>
                <Table.Td fz="sm">{user.email ?? '—'}</Table.Td>
                <Table.Td><Badge variant="light" color={user.role === 'admin' ? 'indigo' : 'gray'} tt="none">{user.role}</Badge></Table.Td>
                <Table.Td fz="sm" title={formatDateTime(user.last_login_at)}>{user.last_login_at ? timeAgo(user.last_login_at) : 'Never'}</Table.Td>
                <Table.Td>
                  <RowActions name={user.username} onEdit={() => setEditing(user)} onDelete={() => remove(user)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      )}
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={<Text fw={650}>{editing === 'new' ? 'New user' : 'Edit user'}</Text>}>
        {editing !== undefined && <UserEditor user={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={saved} />}
      </Modal>
    </>
  );
}
