import { ActionIcon, Box, Button, Code, Collapse, Group, MultiSelect, Paper, Stack, Text, ThemeIcon, Tooltip, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconFilter, IconHistory } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Contact, TimelineEvent } from '../../api/types';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { formatDateTime, plural, timeAgo } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { EVENT_KINDS, eventKind, eventSummary, LEADING_KEYS } from './events';

const PAGE = 30;

/** A value from the event's data, always as text. */
function DataValue({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <Text span c="dimmed">—</Text>;
  if (value !== null && typeof value === 'object') return <Code block className="cb-pre">{JSON.stringify(value, null, 2)}</Code>;
  return <span className="cb-pre">{String(value)}</span>;
}

function EventDetails({ event }: { event: TimelineEvent }) {
  const data = event.data ?? {};
  const keys = [...LEADING_KEYS.filter((k) => k in data), ...Object.keys(data).filter((k) => !LEADING_KEYS.includes(k)).sort()];
  return (
    <Box pl={44} pr="md" pb="md" data-testid="event-details">
      {keys.length === 0 ? <Text size="sm" c="dimmed">No details were recorded.</Text> : (
        <dl className="cb-kv">
          {keys.map((key) => (
            <div key={key} style={{ display: 'contents' }}>
              <dt>{key}</dt>
              <dd><DataValue value={data[key]} /></dd>
            </div>
          ))}
        </dl>
      )}
      <Text size="xs" c="dimmed" mt="xs">Event #{event.id} · {event.type} · {formatDateTime(event.occurred_at)}</Text>
    </Box>
  );
}

function EventRow({ event }: { event: TimelineEvent }) {
  const [open, setOpen] = useState(false);
  const kind = eventKind(event.type);
  const Icon = kind.icon;
  const url = typeof event.data?.url === 'string' ? event.data.url : '';
  return (
    <Box data-testid="timeline-event" data-type={event.type} style={{ borderBottom: '1px solid var(--cb-border)' }}>
      <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} w="100%" px="md" py={10}>
        <Group wrap="nowrap" gap="sm" align="flex-start">
          <ThemeIcon variant="light" color={kind.color} radius="xl" size={30}><Icon size={16} /></ThemeIcon>
          <Box style={{ flex: 1, minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>{eventSummary(event)}</Text>
            {url && event.type === 'page.hit' && <Text size="xs" c="dimmed" truncate>{url}</Text>}
          </Box>
          <Tooltip label={formatDateTime(event.occurred_at)}>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{timeAgo(event.occurred_at)}</Text>
          </Tooltip>
          <ActionIcon component="span" variant="subtle" color="gray" size="sm" aria-hidden>
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>{open && <EventDetails event={event} />}</Collapse>
    </Box>
  );
}

/** The contact's timeline, newest first, filtered by event type, with details on demand. */
export function HistoryTab({ contact }: { contact: Contact }) {
  const [types, setTypes] = useState<string[]>([]);
  const [more, setMore] = useState<TimelineEvent[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();
  const typeParam = types.join(',');
  const first = useResource(
    (signal) => api.get<{ events: TimelineEvent[]; total: number }>(`/api/v1/contacts/${contact.id}/events`, { type: typeParam, limit: PAGE }, signal),
    [contact.id, contact.updated_at, typeParam],
  );
  useEffect(() => setMore([]), [contact.id, contact.updated_at, typeParam]);

  const events = [...(first.data?.events ?? []), ...more];
  const total = first.data?.total ?? 0;
  const known = useMemo(() => {
    const all = new Set([...Object.keys(EVENT_KINDS), ...events.map((e) => e.type), ...types]);
    return [...all].map((value) => ({ value, label: eventKind(value).label }));
  }, [events, types]);

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.get<{ events: TimelineEvent[] }>(`/api/v1/contacts/${contact.id}/events`, { type: typeParam, limit: PAGE, offset: events.length });
      setMore((current) => [...current, ...page.events]);
    } catch (error) {
      setMoreError(error);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <MultiSelect data={known} value={types} onChange={setTypes} placeholder={types.length ? undefined : 'All events'} clearable
          leftSection={<IconFilter size={16} />} aria-label="Show only these event types" w={{ base: '100%', sm: 420 }} data-testid="event-filter" />
        {first.data && <Text size="sm" c="dimmed">{plural(total, 'event')}</Text>}
      </Group>
      {first.error && !first.loading ? (
        <ErrorState error={first.error} onRetry={first.reload} title="The history could not be loaded" />
      ) : !first.data ? (
        <LoadingRows rows={5} />
      ) : events.length === 0 ? (
        <Empty icon={<IconHistory />} title={types.length ? 'No events of these types' : 'Nothing happened yet'}
          description={types.length ? 'Clear the filter to see every event.' : 'Page visits, form submissions and changes will show up here.'} />
      ) : (
        <Paper withBorder p={0} style={{ overflow: 'hidden', opacity: first.loading ? 0.6 : 1 }} data-testid="timeline">
          {events.map((event) => <EventRow key={event.id} event={event} />)}
        </Paper>
      )}
      {moreError !== undefined && <Text c="red" size="sm" role="alert">{errorMessage(moreError)}</Text>}
      {first.data && events.length < total && (
        <Group justify="center"><Button variant="default" onClick={loadMore} loading={loadingMore}>Show older events</Button></Group>
      )}
    </Stack>
  );
}
