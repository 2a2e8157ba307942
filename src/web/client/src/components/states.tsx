import { Alert, Button, EmptyState, Group, List, Skeleton, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';

/** Trying again helps after a network or server failure, not after a 404 or a refusal. */
function retryable(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

/** A failed load: the API's message, its code, and a way to try again when that can help. */
export function ErrorState({ error, onRetry, title = 'This could not be loaded' }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={title} role="alert" data-testid="error-state">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {error instanceof ApiError && error.code !== 'network_error' && (
          <Text size="xs" c="dimmed">Error code: {error.code}{error.status ? ` (HTTP ${error.status})` : ''}</Text>
        )}
        {onRetry && retryable(error) && (
          <Group>
            <Button size="xs" variant="white" color="red" leftSection={<IconRefresh size={14} />} onClick={onRetry}>Try again</Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

/**
 * The API's answer to a failed save: its message, and the field messages that no input on the
 * page shows (`shown` lists the aliases the page displays inline).
 */
export function SaveErrorAlert({ error, shown = [], children }: { error: unknown; shown?: readonly string[]; children?: ReactNode }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.entries(error.fields).filter(([name]) => !shown.includes(name)) : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="save-error">
      <Stack gap={6}>
        <Text size="sm" fw={500}>{errorMessage(error)}</Text>
        {fields.length > 0 && (
          <List size="sm" spacing={2}>
            {fields.map(([name, message]) => <List.Item key={name}><b>{name}</b>: {message}</List.Item>)}
          </List>
        )}
        {children}
      </Stack>
    </Alert>
  );
}

export function Empty({ icon, title, description, children }: { icon: ReactNode; title: string; description?: ReactNode; children?: ReactNode }) {
  return (
    <EmptyState py={48} icon={icon} variant="light" title={title} description={description} data-testid="empty-state">
      {children && <EmptyState.Actions>{children}</EmptyState.Actions>}
    </EmptyState>
  );
}

export function LoadingRows({ rows = 6 }: { rows?: number }) {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading" data-testid="loading">
      {Array.from({ length: rows }, (_, i) => <Skeleton key={i} height={36} radius="sm" />)}
    </Stack>
  );
}
