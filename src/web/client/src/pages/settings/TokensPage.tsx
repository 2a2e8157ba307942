import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { TableCard } from '../../components/TableCard';
import { Empty, ErrorState, LoadingRows, SaveErrorAlert } from '../../components/states';
import { formatDateTime, timeAgo } from '../../lib/format';
import { useResource } from '../../lib/useResource';

function NewToken({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [secret, setSecret] = useState<string>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const answer = await api.post<{ token: ApiToken & { secret: string } }>('/api/v1/tokens', { name });
      setSecret(answer.token.secret);
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  if (secret) {
    return (
      <Stack gap="md">
        <Alert color="yellow" variant="light" title="Copy the token now">It is shown only this once; Contactbase keeps only a hash of it.</Alert>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="token-secret">{secret}</Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'}>
                <ActionIcon variant="light" size="lg" onClick={copy} aria-label="Copy the token">{copied ? <IconCheck size={18} /> : <IconCopy size={18} />}</ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm" c="dimmed">Use it as <Code>Authorization: Bearer …</Code>, or as the password of HTTP Basic.</Text>
        <Group justify="flex-end"><Button onClick={onClose}>Done</Button></Group>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label="New API token">
      <Stack gap="md">
        {error !== undefined && <SaveErrorAlert error={error} shown={['name']} />}
        <TextInput label="Name" description="What the token is for, e.g. “CRM sync”" required value={name} data-autofocus
          onChange={(e) => setName(e.currentTarget.value)} error={error instanceof ApiError ? error.fields.name : undefined} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={saving}>Create token</Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function TokensPage() {
  const tokens = useResource((signal) => api.get<{ tokens: ApiToken[] }>('/api/v1/tokens', undefined, signal), []);
  const [creating, setCreating] = useState(false);

  const revoke = (token: ApiToken) => modals.openConfirmModal({
    title: <Text fw={650}>Revoke “{token.name}”?</Text>,
    children: <Text size="sm">Programs using it are refused at once. This cannot be undone.</Text>,
    labels: { confirm: 'Revoke token', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/tokens/${token.id}`);
        tokens.reload();
      } catch (error) {
        notifications.show({ color: 'red', title: 'The token was not revoked', message: errorMessage(error) });
      }
    },
  });

  return (
    <>
      <PageHeader title="API tokens" description="Keys that let scripts and other systems use the API. You see everyone’s tokens as an admin."
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New token</Button>} />
      {tokens.error ? <ErrorState error={tokens.error} onRetry={tokens.reload} /> : !tokens.data ? <LoadingRows rows={3} /> : tokens.data.tokens.length === 0 ? (
        <Empty icon={<IconKey />} title="No API tokens" description="Create one for each script or integration, so that you can revoke it alone.">
          <Button onClick={() => setCreating(true)}>New token</Button>
        </Empty>
      ) : (
        <TableCard minWidth={640} data-testid="tokens-table">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Token</Table.Th><Table.Th>User</Table.Th><Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th w={50} /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {tokens.data.tokens.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td fz="sm" fw={500}>{token.name}</Table.Td>
                <Table.Td><Code>{token.prefix}…</Code></Table.Td>
                <Table.Td fz="sm">{token.username}</Table.Td>
                <Table.Td fz="sm" title={formatDateTime(token.created_at)}>{timeAgo(token.created_at)}</Table.Td>
                <Table.Td fz="sm" title={formatDateTime(token.last_used_at)}>{token.last_used_at ? timeAgo(token.last_used_at) : 'Never'}</Table.Td>
                <Table.Td>
                  <Tooltip label="Revoke"><ActionIcon variant="subtle" color="red" aria-label={`Revoke ${token.name}`} onClick={() => revoke(token)}><IconTrash size={16} /></ActionIcon></Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={<Text fw={650}>New API token</Text>} closeOnClickOutside={false}>
        {creating && <NewToken onClose={() => setCreating(false)} onCreated={tokens.reload} />}
      </Modal>
    </>
  );
}
