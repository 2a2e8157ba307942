import { Alert, Group, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Job } from '../api/types';
import { errorMessage } from '../api/client';
import { formatNumber } from '../lib/format';

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A job's progress bar: rows done of the total, the rate and the time left; and its end. */
export function JobProgress({ job, pollError, noun = 'rows' }: { job: Job | undefined; pollError?: unknown; noun?: string }) {
  const { done = 0, total = null, failed = 0, rate = null, eta_seconds: eta = null } = job?.progress ?? {};
  const running = !job || job.state === 'queued' || job.state === 'running';
  const percent = job?.state === 'succeeded' ? 100 : total ? Math.min(100, ((done ?? 0) / total) * 100) : 0;
  const label = !job || job.state === 'queued' ? 'Waiting to start' : job.state === 'running' ? 'Working' : job.state === 'succeeded' ? 'Done' : job.state === 'cancelled' ? 'Cancelled' : 'Failed';
  return (
    <Stack gap={6} data-testid="job-progress" data-state={job?.state ?? 'queued'}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>{label}</Text>
        <Text size="sm" c="dimmed" data-testid="job-counts">
          {formatNumber(done ?? 0)}{total !== null ? ` of ${formatNumber(total)}` : ''} {noun}
          {failed ? `, ${formatNumber(failed)} failed` : ''}
          {running && rate ? ` · ${formatNumber(rate)}/s` : ''}
          {running && eta !== null ? ` · about ${duration(eta)} left` : ''}
        </Text>
      </Group>
      <Progress value={percent} animated={running} striped={running && !total} color={job?.state === 'failed' ? 'red' : job?.state === 'succeeded' ? 'teal' : undefined}
        aria-label={`${label}: ${Math.round(percent)}%`} size="lg" />
      {job?.state === 'failed' && job.error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title="The job failed">{job.error}</Alert>
      )}
      {pollError !== undefined && running && <Text size="xs" c="orange">The progress could not be read ({errorMessage(pollError)}); trying again.</Text>}
    </Stack>
  );
}
