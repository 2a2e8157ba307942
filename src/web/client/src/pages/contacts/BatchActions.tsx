import { Button, Group, Menu, Modal, Progress, Select, Stack, TagsInput, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconFileExport, IconTagMinus, IconTagPlus, IconTrash, IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../api/client';
import type { BatchResult, Job } from '../../api/types';
import { useReference, userName } from '../../app/reference';
import { useUser } from '../../app/session';
import { SaveErrorAlert } from '../../components/states';
import { formatNumber, plural } from '../../lib/format';
import { finished } from '../../lib/useJob';
import { useResource } from '../../lib/useResource';
import { ExportModal } from './ExportModal';

/** The API takes up to this many contacts per batch call. */
const CHUNK = 1000;
const POLL_MS = 500;

export interface Selection {
  readonly ids: ReadonlySet<number>;
  /** Every contact the search matches, not only the ticked rows. */
  readonly allMatching: boolean;
  /** Contacts matching, an estimate when not `totalExact`. */
  readonly total: number;
  readonly totalExact: boolean;
  /** The list's search, for "all matching". */
  readonly search: string;
}

export const selectionCount = (s: Selection) => (s.allMatching ? s.total : s.ids.size);
/** "3 contacts", or "about 12,000 contacts" for all matching an estimated total. */
const selectionLabel = (s: Selection) => `${s.allMatching && !s.totalExact ? 'about ' : ''}${plural(selectionCount(s), 'contact')}`;

type ServerAction = { action: 'set_owner'; owner_id: number | null } | { action: 'add_tags' | 'remove_tags'; tags: string[] } | { action: 'delete' };

/**
 * "All matching" runs on the server, as a job over the search however many contacts it
 * matches; resolves with the number of contacts it went through, or throws the job's error.
 */
async function runOnServer(search: string, body: ServerAction, onProgress: (done: number, of: number | null) => void): Promise<number> {
  let { job } = await api.post<{ job: Job }>('/api/v1/contacts/actions', { search, ...body });
  while (!finished(job)) {
    onProgress(job.progress.done, job.progress.total);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    ({ job } = await api.get<{ job: Job }>(`/api/v1/jobs/${job.id}`));
  }
  if (job.state !== 'succeeded') throw new Error(job.error ?? `The batch action was ${job.state}`);
  return Number(job.result?.contacts ?? job.progress.done);
}

async function inChunks(ids: number[], apply: (chunk: number[]) => Promise<void>, onProgress: (done: number) => void) {
  for (let i = 0; i < ids.length; i += CHUNK) {
    await apply(ids.slice(i, i + CHUNK));
    onProgress(Math.min(ids.length, i + CHUNK));
  }
}

function reportFailures(results: BatchResult[], verb: string) {
  const failed = results.filter((r) => r.status >= 300);
  if (failed.length === 0) return false;
  const reasons = [...new Set(failed.map((r) => r.error?.message ?? `status ${r.status}`))].slice(0, 3).join('; ');
  notifications.show({ color: 'red', autoClose: false, title: `${plural(failed.length, 'contact')} not ${verb}`, message: reasons });
  return true;
}

type Action = 'owner' | 'add-tags' | 'remove-tags' | 'export';

/** A batch action's dialog: gathers the ids, applies in chunks, shows progress and the API's errors. */
function ActionModal({ action, selection, onClose, onDone }: { action: Action; selection: Selection; onClose: () => void; onDone: () => void }) {
  const reference = useReference();
  const me = useUser();
  const count = selectionCount(selection);
  const what = selectionLabel(selection);
  const [owner, setOwner] = useState<string | null>(String(me.id));
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<unknown>();
  const [progress, setProgress] = useState<{ label: string; done: number; of: number }>();
  const known = useResource((signal) => api.get<{ tags: { name: string }[] }>('/api/v1/tags', undefined, signal), []);

  const run = async () => {
    setError(undefined);
    try {
      const step = (done: number, of = count) => setProgress({ label: 'Saving', done, of });
      step(0);
      const ownerValue = owner === 'none' || owner === null ? null : Number(owner);
      const ownerName = ownerValue === null ? 'no owner' : userName(reference.userById(ownerValue)) || `user #${ownerValue}`;
      const ownerMessage = (n: number) => `${plural(n, 'contact')} now ${ownerValue === null ? 'have' : 'belong to'} ${ownerName}`;
      const tagsTitle = action === 'add-tags' ? 'Tags added' : 'Tags removed';
      if (selection.allMatching) {
        const body: ServerAction = action === 'owner' ? { action: 'set_owner', owner_id: ownerValue } : { action: action === 'add-tags' ? 'add_tags' : 'remove_tags', tags };
        const n = await runOnServer(selection.search, body, (done, of) => step(done, of ?? count));
        notifications.show({ color: 'teal', title: action === 'owner' ? 'Owner changed' : tagsTitle, message: action === 'owner' ? ownerMessage(n) : `${plural(n, 'contact')} done` });
      } else if (action === 'owner') {
        const ids = [...selection.ids];
        const results: BatchResult[] = [];
        await inChunks(ids, async (chunk) => {
          const answer = await api.patch<{ results: BatchResult[] }>('/api/v1/contacts/batch', { contacts: chunk.map((id) => ({ id, owner: ownerValue })) });
          results.push(...answer.results);
        }, step);
        if (!reportFailures(results, 'changed')) notifications.show({ color: 'teal', title: 'Owner changed', message: ownerMessage(ids.length) });
      } else {
        const body = action === 'add-tags' ? { add: tags } : { remove: tags };
        let changed = 0;
        await inChunks([...selection.ids], async (chunk) => {
          changed += (await api.post<{ changed: number }>('/api/v1/contacts/batch/tags', { ids: chunk, ...body })).changed;
        }, step);
        notifications.show({ color: 'teal', title: tagsTitle, message: `${plural(changed, 'contact')} changed` });
      }
      onDone();
      onClose();
    } catch (failure) {
      setError(failure);
      setProgress(undefined);
    }
  };

  const users = reference.users.map((u) => ({ value: String(u.id), label: userName(u) }));
  const title = action === 'owner' ? `Change the owner of ${what}` : action === 'add-tags' ? `Add tags to ${what}` : `Remove tags from ${what}`;
  const ready = action === 'owner' ? owner !== null : tags.length > 0;

  return (
    <Modal opened onClose={progress ? () => {} : onClose} title={<Text fw={650}>{title}</Text>} closeOnClickOutside={!progress}>
      <Stack gap="md">
        {error !== undefined && <SaveErrorAlert error={error} />}
        {action === 'owner' ? (
          <Select label="New owner" data={[...users, { value: 'none', label: 'No owner' }]} value={owner} onChange={setOwner}
            allowDeselect={false} searchable data-autofocus comboboxProps={{ withinPortal: true }} />
        ) : (
          <TagsInput label={action === 'add-tags' ? 'Tags to add' : 'Tags to remove'} value={tags} onChange={setTags} data-autofocus
            data={known.data?.tags.map((t) => t.name) ?? []} placeholder="Type a tag and press Enter" clearable
            description={action === 'add-tags' ? 'New tags are created.' : undefined} />
        )}
        {progress && (
          <Stack gap={4} data-testid="batch-progress">
            <Text size="xs" c="dimmed">{progress.label}: {formatNumber(progress.done)} of {formatNumber(progress.of)}</Text>
            <Progress value={progress.of ? (progress.done / progress.of) * 100 : 0} animated aria-label={progress.label} />
          </Stack>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={!!progress}>Cancel</Button>
          <Button onClick={run} loading={!!progress} disabled={!ready} data-testid="batch-confirm">
            {action === 'owner' ? 'Change owner' : action === 'add-tags' ? 'Add tags' : 'Remove tags'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The Actions menu for the selected rows (or all matching), and the dialogs behind it. */
export function BatchActions({ selection, visibleFields, onDone }: { selection: Selection; visibleFields: readonly string[]; onDone: () => void }) {
  const [action, setAction] = useState<Action>();
  const what = selectionLabel(selection);

  const remove = () => modals.openConfirmModal({
    title: <Text fw={650}>Delete {what}?</Text>,
    children: <Text size="sm">The {what} and their history will be deleted for good. This cannot be undone.</Text>,
    labels: { confirm: `Delete ${what}`, cancel: 'Cancel' },
    confirmProps: { color: 'red', 'data-testid': 'confirm-delete' } as Record<string, unknown>,
    onConfirm: async () => {
      const id = notifications.show({ loading: true, autoClose: false, withCloseButton: false, title: `Deleting ${what}`, message: 'Starting' });
      try {
        const progress = (done: number, of: number | null) => notifications.update({ id, message: `${formatNumber(done)} of ${formatNumber(of ?? selectionCount(selection))}` });
        if (selection.allMatching) {
          const n = await runOnServer(selection.search, { action: 'delete' }, progress);
          notifications.hide(id);
          notifications.show({ color: 'teal', title: 'Deleted', message: `${plural(n, 'contact')} deleted` });
        } else {
          const ids = [...selection.ids];
          const results: BatchResult[] = [];
          await inChunks(ids, async (chunk) => {
            results.push(...(await api.delete<{ results: BatchResult[] }>('/api/v1/contacts/batch', { ids: chunk })).results);
          }, (done) => progress(done, ids.length));
          notifications.hide(id);
          if (!reportFailures(results, 'deleted')) notifications.show({ color: 'teal', title: 'Deleted', message: `${plural(ids.length, 'contact')} deleted` });
        }
      } catch (error) {
        notifications.hide(id);
        notifications.show({ color: 'red', autoClose: false, title: 'Not everything was deleted', message: error instanceof Error ? error.message : String(error) });
      }
      onDone();
    },
  });

  return (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="light" rightSection={<IconChevronDown size={14} />}>Actions</Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconUserShare size={16} />} onClick={() => setAction('owner')}>Change owner…</Menu.Item>
          <Menu.Item leftSection={<IconTagPlus size={16} />} onClick={() => setAction('add-tags')}>Add tags…</Menu.Item>
          <Menu.Item leftSection={<IconTagMinus size={16} />} onClick={() => setAction('remove-tags')}>Remove tags…</Menu.Item>
          <Menu.Item leftSection={<IconFileExport size={16} />} onClick={() => setAction('export')}>Export…</Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={remove}>Delete {what}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {action === 'export' && (
        <ExportModal visibleFields={visibleFields} onClose={() => setAction(undefined)}
          scope={selection.allMatching ? { search: selection.search, count: selection.total, exact: selection.totalExact } : { ids: [...selection.ids] }} />
      )}
      {action && action !== 'export' && <ActionModal action={action} selection={selection} onClose={() => setAction(undefined)} onDone={onDone} />}
    </>
  );
}
