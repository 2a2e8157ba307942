import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { api } from '../../api/client';
import type { Job } from '../../api/types';
import { JobProgress } from '../../components/JobProgress';
import { SaveErrorAlert } from '../../components/states';
import { formatDateTime, plural } from '../../lib/format';
import { useJob } from '../../lib/useJob';

/** What to export: chosen rows, or everything a search matches (everyone without one). */
export type ExportScope = { readonly ids: readonly number[] } | { readonly search: string; readonly count: number; readonly exact: boolean };

function ExportRun({ job: initial }: { job: Job }) {
  const { job, error } = useJob(initial.id, initial);
  const result = (job?.result ?? {}) as { file_url?: string; filename?: string; rows?: number; expires_at?: string };
  return (
    <Stack gap="md">
      <JobProgress job={job} pollError={error} noun="contacts" />
      {job?.state === 'succeeded' && result.file_url && (
        <Stack gap={6} data-testid="export-ready">
          <Group>
            <Button component="a" href={result.file_url} download={result.filename} leftSection={<IconDownload size={16} />}>Download {result.filename}</Button>
          </Group>
          <Text size="xs" c="dimmed">{plural(result.rows ?? 0, 'contact')}. Only you can download it{result.expires_at ? `, until ${formatDateTime(result.expires_at)}` : ''}.</Text>
        </Stack>
      )}
    </Stack>
  );
}

/** Exports contacts to CSV or Excel as a background job, with its progress and the download. */
export function ExportModal({ scope, visibleFields, onClose }: { scope: ExportScope; visibleFields: readonly string[]; onClose: () => void }) {
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [columns, setColumns] = useState<'all' | 'shown'>('all');
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const what = 'ids' in scope ? plural(scope.ids.length, 'contact') : `${scope.exact ? '' : 'about '}${plural(scope.count, 'contact')}`;

  const start = async () => {
    setBusy(true);
    setError(undefined);
    const target = 'ids' in scope ? { ids: scope.ids } : scope.search ? { search: scope.search } : {};
    try {
      const answer = await api.post<{ job: Job }>('/api/v1/exports', { ...target, format, ...(columns === 'shown' ? { fields: [...visibleFields] } : {}) });
      setJob(answer.job);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>Export {what}</Text>}>
      {job ? <ExportRun job={job} /> : (
        <Stack gap="md">
          {error !== undefined && <SaveErrorAlert error={error} />}
          {'search' in scope && <Text size="sm" c="dimmed">{scope.search ? `Every contact matching “${scope.search}”.` : 'Every contact.'}</Text>}
          <Radio.Group label="Format" value={format} onChange={(v) => setFormat(v as 'csv' | 'xlsx')}>
            <Group mt={6}>
              <Radio value="csv" label="CSV" />
              <Radio value="xlsx" label="Excel (.xlsx)" />
            </Group>
          </Radio.Group>
          <Radio.Group label="Columns" value={columns} onChange={(v) => setColumns(v as 'all' | 'shown')}>
            <Stack gap={6} mt={6}>
              <Radio value="all" label="Every field, with tags, owner and status" />
              <Radio value="shown" label="The columns shown in the list" disabled={visibleFields.length === 0} />
            </Stack>
          </Radio.Group>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button onClick={start} loading={busy} leftSection={<IconFileExport size={16} />} data-testid="export-start">Export</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
