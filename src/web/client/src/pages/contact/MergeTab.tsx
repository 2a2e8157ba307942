import { Alert, Anchor, Badge, Button, Group, List, Paper, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowsJoin, IconCheck, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api/client';
import type { Contact, ContactList, Merge } from '../../api/types';
import { useReference } from '../../app/reference';
import { ContactAvatar } from '../../components/ContactAvatar';
import { FieldValue } from '../../components/FieldValue';
import { TableCard } from '../../components/TableCard';
import { ErrorState, SaveErrorAlert } from '../../components/states';
import { contactLocation, contactName, formatDateTime, formatNumber } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const blank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The server's rule (src/identity/merge.ts): identified over anonymous, then the older, then the lower id. */
export function chooseSurvivor(a: Contact, b: Contact): [survivor: Contact, other: Contact] {
  if (a.anonymous !== b.anonymous) return a.anonymous ? [b, a] : [a, b];
  const ta = Date.parse(a.created_at);
  const tb = Date.parse(b.created_at);
  const older = ta !== tb ? ta < tb : a.id < b.id;
  return older ? [a, b] : [b, a];
}

function ContactPicker({ contact, onPick }: { contact: Contact; onPick: (other: Contact) => void }) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 250);
  const results = useResource(
    (signal) => (debounced ? api.get<ContactList>('/api/v1/contacts', { q: debounced, limit: 8 }, signal) : Promise.resolve(undefined)),
    [debounced],
  );
  const candidates = (results.data?.contacts ?? []).filter((c) => c.id !== contact.id);
  return (
    <Stack gap="xs">
      <TextInput value={query} onChange={(e) => setQuery(e.currentTarget.value)} leftSection={<IconSearch size={16} />}
        placeholder="Search the other contact by name, email or company" aria-label="Find the contact to merge" data-testid="merge-search" />
      {results.error !== undefined && <Text c="red" size="sm" role="alert">{errorMessage(results.error)}</Text>}
      {debounced && results.data && candidates.length === 0 && <Text size="sm" c="dimmed">No other contact matches “{debounced}”.</Text>}
      {candidates.length > 0 && (
        <Paper withBorder p={4} role="listbox" aria-label="Matching contacts">
          {candidates.map((candidate) => (
            <UnstyledButton key={candidate.id} onClick={() => onPick(candidate)} w="100%" p={8} style={{ borderRadius: 8 }} className="cb-user-button"
              role="option" aria-selected={false} data-testid="merge-candidate">
              <Group gap="sm" wrap="nowrap">
                <ContactAvatar contact={candidate} size={28} />
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} truncate>{contactName(candidate)}</Text>
                  <Text size="xs" c="dimmed" truncate>{[candidate.email, contactLocation(candidate), `#${candidate.id}`].filter(Boolean).join(' · ')}</Text>
                </div>
              </Group>
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </Stack>
  );
}

function MergePreview({ contact, other, onCancel, onMerged }: { contact: Contact; other: Contact; onCancel: () => void; onMerged: (survivor: Contact) => void }) {
  const { fields } = useReference();
  const [survivor, loser] = chooseSurvivor(contact, other);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const rows = fields.filter((f) => f.published && f.alias !== 'points' && (!blank(contact[f.alias]) || !blank(other[f.alias])));
  const reason = survivor.anonymous === loser.anonymous
    ? `it is the older of the two (created ${formatDateTime(survivor.created_at)})`
    : 'it is identified and the other is anonymous';

  const merge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.post<{ contact: Contact; merged_id: number }>(`/api/v1/contacts/${contact.id}/merge`, { from: other.id });
      notifications.show({ color: 'teal', title: 'Contacts merged', message: `${contactName(loser)} was merged into ${contactName(result.contact)}` });
      onMerged(result.contact);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  const cell = (c: Contact, alias: string) => {
    const field = fields.find((f) => f.alias === alias)!;
    return <FieldValue field={field} value={c[alias]} />;
  };

  return (
    <Stack gap="md" data-testid="merge-preview">
      <Alert color="indigo" variant="light" icon={<IconArrowsJoin size={18} />}>
        <Text size="sm"><b>{contactName(survivor)}</b> (#{survivor.id}) stays, because {reason}. <b>{contactName(loser)}</b> (#{loser.id}) is merged
          into it: its history, devices and accounts move over, its points are added, and each empty field takes its value.</Text>
      </Alert>
      <TableCard minWidth={640}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>{contactName(survivor)} <Badge size="xs" color="teal" variant="light">stays</Badge></Table.Th>
            <Table.Th>{contactName(loser)} <Badge size="xs" color="gray" variant="light">merged</Badge></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((field) => {
            const survivorWins = !blank(survivor[field.alias]);
            return (
              <Table.Tr key={field.alias}>
                <Table.Td fz="sm" c="dimmed">{field.label}</Table.Td>
                <Table.Td fz="sm" className={survivorWins ? 'cb-merge-winner' : undefined}>{cell(survivor, field.alias)}</Table.Td>
                <Table.Td fz="sm" className={!survivorWins ? 'cb-merge-winner' : undefined}>{cell(loser, field.alias)}</Table.Td>
              </Table.Tr>
            );
          })}
          <Table.Tr>
            <Table.Td fz="sm" c="dimmed">Points</Table.Td>
            <Table.Td fz="sm" colSpan={2} className="cb-merge-winner">
              {formatNumber(Number(survivor.points ?? 0))} + {formatNumber(Number(loser.points ?? 0))} = {formatNumber(Number(survivor.points ?? 0) + Number(loser.points ?? 0))}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </TableCard>
      <Text size="xs" c="dimmed">Highlighted values are the ones the merged contact keeps.</Text>
      {error !== undefined && <SaveErrorAlert error={error} />}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onCancel}>Cancel</Button>
        <Button onClick={merge} loading={busy} leftSection={<IconCheck size={16} />} data-testid="confirm-merge">Merge contacts</Button>
      </Group>
    </Stack>
  );
}

interface UnmergeResult {
  contact: Contact;
  restored: Contact;
  not_restored: string[];
}

function MergeHistory({ contact, onChanged }: { contact: Contact; onChanged: (contact: Contact) => void }) {
  const merges = useResource((signal) => api.get<{ merges: Merge[] }>(`/api/v1/contacts/${contact.id}/merges`, undefined, signal), [contact.id, contact.updated_at]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<UnmergeResult>();
  const [error, setError] = useState<unknown>();
  const undoable = merges.data?.merges.find((m) => m.survivor_id === contact.id && !m.undone_at);

  const undo = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.post<UnmergeResult>(`/api/v1/contacts/${contact.id}/unmerge`);
      setResult(answer);
      onChanged(answer.contact);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} fz="md">Merge history</Title>
        {undoable && <Button variant="default" leftSection={<IconArrowBackUp size={16} />} onClick={undo} loading={busy} data-testid="undo-merge">Undo last merge</Button>}
      </Group>
      {error !== undefined && <SaveErrorAlert error={error} />}
      {result && (
        <Alert color="teal" variant="light" title="Merge undone" data-testid="unmerge-result">
          <Text size="sm"><Anchor component={Link} to={`/contacts/${result.restored.id}`}>{contactName(result.restored)}</Anchor> (#{result.restored.id}) is back on its own.</Text>
          {result.not_restored.length > 0 ? (
            <>
              <Text size="sm" mt="xs">Changed since the merge, so left where it was:</Text>
              <List size="sm" data-testid="not-restored">{result.not_restored.map((item) => <List.Item key={item}>{item}</List.Item>)}</List>
            </>
          ) : <Text size="sm" mt="xs">Everything was restored.</Text>}
        </Alert>
      )}
      {merges.error ? <ErrorState error={merges.error} onRetry={merges.reload} /> : merges.data && (
        merges.data.merges.length === 0 ? <Text size="sm" c="dimmed">This contact has not been merged with another.</Text> : (
          <TableCard>
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>What</Table.Th><Table.Th>How</Table.Th><Table.Th>Moved</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {merges.data.merges.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td fz="sm">{formatDateTime(m.merged_at)}</Table.Td>
                  <Table.Td fz="sm">#{m.loser_id} into #{m.survivor_id}{m.undone_at && <Badge ml="xs" size="xs" color="gray">undone</Badge>}</Table.Td>
                  <Table.Td fz="sm">{m.reason === 'manual' ? 'by hand' : m.reason.replace('_', ' ')}</Table.Td>
                  <Table.Td fz="sm">{m.moved.events} events, {m.moved.devices} devices{m.moved.filled.length ? `, filled ${m.moved.filled.join(', ')}` : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </TableCard>
        )
      )}
    </Stack>
  );
}

/** Merge another contact into this one (preview first), and undo the last merge. */
export function MergeTab({ contact, onChanged }: { contact: Contact; onChanged: (survivor: Contact) => void }) {
  const [other, setOther] = useState<Contact>();
  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <div>
          <Title order={2} fz="md">Merge with another contact</Title>
          <Text size="sm" c="dimmed">Two records of the same person? Pick the other one to see what the merged contact will hold.</Text>
        </div>
        {other
          ? <MergePreview contact={contact} other={other} onCancel={() => setOther(undefined)} onMerged={(survivor) => { setOther(undefined); onChanged(survivor); }} />
          : <ContactPicker contact={contact} onPick={setOther} />}
      </Stack>
      <MergeHistory contact={contact} onChanged={onChanged} />
    </Stack>
  );
}
