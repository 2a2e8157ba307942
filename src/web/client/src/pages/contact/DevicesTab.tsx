import { Badge, Code, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconDevices, IconWorld } from '@tabler/icons-react';
import { lazy, Suspense } from 'react';
import { api } from '../../api/client';
import type { Contact, Device, IpAddress } from '../../api/types';
import { TableCard } from '../../components/TableCard';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { formatDateTime, timeAgo } from '../../lib/format';
import { useResource } from '../../lib/useResource';

// The world map (d3-geo and the country outlines) comes in its own chunk.
const IpMap = lazy(() => import('./IpMap'));

function Seen({ iso }: { iso: string }) {
  return <Table.Td fz="sm" title={formatDateTime(iso)}>{timeAgo(iso)}</Table.Td>;
}

function Devices({ contact }: { contact: Contact }) {
  const devices = useResource((signal) => api.get<{ devices: Device[] }>(`/api/v1/contacts/${contact.id}/devices`, undefined, signal), [contact.id, contact.updated_at]);
  if (devices.error) return <ErrorState error={devices.error} onRetry={devices.reload} />;
  if (!devices.data) return <LoadingRows rows={2} />;
  if (devices.data.devices.length === 0) {
    return <Empty icon={<IconDevices />} title="No devices" description="Browsers and apps this contact is tracked on appear here after their first visit." />;
  }
  return (
    <TableCard minWidth={640} data-testid="devices-table">
      <Table.Thead>
        <Table.Tr><Table.Th>Browser</Table.Th><Table.Th>Operating system</Table.Th><Table.Th>Type</Table.Th><Table.Th>First seen</Table.Th><Table.Th>Last seen</Table.Th><Table.Th>Device id</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {devices.data.devices.map((device) => (
          <Table.Tr key={device.id}>
            <Table.Td><Tooltip label={device.user_agent ?? 'No user agent'} multiline maw={420}><Text size="sm">{device.browser ?? 'Unknown browser'}</Text></Tooltip></Table.Td>
            <Table.Td fz="sm">{device.os ?? '—'}</Table.Td>
            <Table.Td>{device.device_type ? <Badge variant="light" color="gray" tt="none">{device.device_type}</Badge> : '—'}</Table.Td>
            <Seen iso={device.first_seen_at} />
            <Seen iso={device.last_seen_at} />
            <Table.Td><Code>{device.device_id.slice(0, 12)}…</Code></Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </TableCard>
  );
}

function Ips({ contact }: { contact: Contact }) {
  const ips = useResource((signal) => api.get<{ ips: IpAddress[] }>(`/api/v1/contacts/${contact.id}/ips`, undefined, signal), [contact.id, contact.updated_at]);
  if (ips.error) return <ErrorState error={ips.error} onRetry={ips.reload} />;
  if (!ips.data) return <LoadingRows rows={2} />;
  if (ips.data.ips.length === 0) {
    return <Empty icon={<IconWorld />} title="No IP addresses" description="Addresses this contact visited from appear here, with their approximate location." />;
  }
  return (
    <Stack gap="sm">
      <Paper withBorder p="xs">
        <Suspense fallback={<Skeleton height={300} aria-label="Loading the map" />}>
          <IpMap ips={ips.data.ips} />
        </Suspense>
      </Paper>
      <TableCard minWidth={640} data-testid="ips-table">
        <Table.Thead><Table.Tr><Table.Th>IP address</Table.Th><Table.Th>City</Table.Th><Table.Th>Region</Table.Th><Table.Th>Country</Table.Th><Table.Th>First seen</Table.Th><Table.Th>Last seen</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {ips.data.ips.map((ip) => (
            <Table.Tr key={ip.ip}>
              <Table.Td><Code>{ip.ip}</Code></Table.Td>
              <Table.Td fz="sm">{ip.city || '—'}</Table.Td>
              <Table.Td fz="sm">{ip.state || '—'}</Table.Td>
              <Table.Td fz="sm">{ip.country || '—'}</Table.Td>
              <Seen iso={ip.first_seen_at} />
              <Seen iso={ip.last_seen_at} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </TableCard>
    </Stack>
  );
}

/** Where the contact was seen: its browsers and apps, and the IP addresses with their locations. */
export function DevicesTab({ contact }: { contact: Contact }) {
  return (
    <Stack gap="lg">
      <Stack gap="xs"><Title order={2} fz="md">Devices</Title><Devices contact={contact} /></Stack>
      <Stack gap="xs"><Title order={2} fz="md">IP addresses</Title><Ips contact={contact} /></Stack>
    </Stack>
  );
}
