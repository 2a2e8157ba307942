import { Badge, Button, Group, Paper, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowsJoin, IconBriefcase, IconCake, IconCalendarTime, IconDevices, IconEdit, IconHistory, IconId, IconMapPin, IconStar,
  IconTrash, IconUser, IconUsersGroup,
} from '@tabler/icons-react';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, errorMessage } from '../../api/client';
import type { Contact } from '../../api/types';
import { useReference, userName } from '../../app/reference';
import { ContactAvatar } from '../../components/ContactAvatar';
import { PageHeader } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { ErrorState, LoadingRows } from '../../components/states';
import { contactLocation, contactName, formatDateTime, formatNumber, timeAgo } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { DetailsTab } from './DetailsTab';
import { DevicesTab } from './DevicesTab';
import { HistoryTab } from './HistoryTab';
import { MembershipsTab } from './MembershipsTab';
import { MergeTab } from './MergeTab';

// recharts is large: the chart arrives in its own chunk, after the header.
const EngagementChart = lazy(() => import('./EngagementChart'));

const TABS = ['history', 'details', 'devices', 'memberships', 'merge'] as const;
type Tab = (typeof TABS)[number];

function Fact({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <Tooltip label={label} openDelay={400}>
      <Group gap={6} wrap="nowrap" aria-label={label}>
        <Text c="dimmed" lh={0}>{icon}</Text>
        <Text size="sm" component="span">{children}</Text>
      </Group>
    </Tooltip>
  );
}

function ProfileHeader({ contact, actions }: { contact: Contact; actions: ReactNode }) {
  const reference = useReference();
  const owner = reference.userById(contact.owner);
  const status = reference.statusById(contact.status);
  const location = contactLocation(contact);
  const job = [contact.position, contact.company].filter((v) => typeof v === 'string' && v).join(' at ');

  return (
    <Paper withBorder p="lg" mb="lg" data-testid="profile-header">
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <ContactAvatar contact={contact} size={72} />
        <Stack gap={8} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="sm" align="center">
            <Title order={1} fz={24} data-testid="contact-name" style={{ wordBreak: 'break-word' }}>{contactName(contact)}</Title>
            {contact.anonymous
              ? <Badge color="gray" variant="light" data-testid="identity-badge">Anonymous</Badge>
              : <Badge color="teal" variant="light" data-testid="identity-badge">Identified</Badge>}
            <StatusBadge status={status} />
          </Group>
          {job && <Text c="dimmed" size="sm">{job}</Text>}
          <Group gap="lg" mt={4}>
            {typeof contact.email === 'string' && contact.email && <Fact icon={<IconId size={16} />} label="Email">{contact.email}</Fact>}
            {location && <Fact icon={<IconMapPin size={16} />} label="Location">{location}</Fact>}
            {contact.age !== null && <Fact icon={<IconCake size={16} />} label="Age">{contact.age} years</Fact>}
            <Fact icon={<IconUser size={16} />} label="Owner">{owner ? userName(owner) : contact.owner ? `User #${String(contact.owner)}` : 'No owner'}</Fact>
            <Fact icon={<IconStar size={16} />} label="Points">{formatNumber(Number(contact.points ?? 0))} points</Fact>
            <Fact icon={<IconCalendarTime size={16} />} label={`Created ${formatDateTime(contact.created_at)}`}>
              {contact.last_active_at ? `Active ${timeAgo(contact.last_active_at)}` : `Added ${timeAgo(contact.created_at)}`}
            </Fact>
            {typeof contact.company === 'string' && contact.company && !job.includes(' at ') && (
              <Fact icon={<IconBriefcase size={16} />} label="Company">{contact.company}</Fact>
            )}
          </Group>
        </Stack>
        <Group gap="xs" wrap="nowrap">{actions}</Group>
      </Group>
    </Paper>
  );
}

export default function ContactProfile() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'history';
  const resource = useResource((signal) => api.get<{ contact: Contact }>(`/api/v1/contacts/${id}`, undefined, signal), [id]);
  const contact = resource.data?.contact;

  // A merged-away id answers with the contact it went into: show that one under its own address.
  useEffect(() => {
    if (contact && String(contact.id) !== id) navigate(`/contacts/${contact.id}${params.size ? `?${params}` : ''}`, { replace: true });
  }, [contact, id, navigate, params]);

  if (resource.error && !resource.loading) return <ErrorState error={resource.error} onRetry={resource.reload} title="This contact could not be loaded" />;
  if (!contact || String(contact.id) !== id) return <LoadingRows />;

  const remove = () => modals.openConfirmModal({
    title: <Text fw={650}>Delete {contactName(contact)}?</Text>,
    children: <Text size="sm">The contact and its whole history will be deleted for good. This cannot be undone.</Text>,
    labels: { confirm: 'Delete contact', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/contacts/${contact.id}`);
        notifications.show({ color: 'teal', title: 'Contact deleted', message: contactName(contact) });
        navigate('/contacts');
      } catch (error) {
        notifications.show({ color: 'red', title: 'The contact was not deleted', message: errorMessage(error) });
      }
    },
  });

  return (
    <>
      <PageHeader crumbs={[{ label: 'Contacts', to: '/contacts' }, { label: contactName(contact) }]} />
      <ProfileHeader contact={contact} actions={(
        <>
          <Button variant="default" component={Link} to={`/contacts/${contact.id}/edit`} leftSection={<IconEdit size={16} />}>Edit</Button>
          <Button variant="default" onClick={remove} leftSection={<IconTrash size={16} />} aria-label="Delete contact">Delete</Button>
        </>
      )} />
      <Suspense fallback={<LoadingRows rows={3} />}>
        <EngagementChart contact={contact} />
      </Suspense>
      <Tabs value={tab} onChange={(value) => setParams(value && value !== 'history' ? { tab: value } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>History</Tabs.Tab>
          <Tabs.Tab value="details" leftSection={<IconId size={16} />}>Details</Tabs.Tab>
          <Tabs.Tab value="devices" leftSection={<IconDevices size={16} />}>Devices &amp; IPs</Tabs.Tab>
          <Tabs.Tab value="memberships" leftSection={<IconUsersGroup size={16} />}>Memberships</Tabs.Tab>
          <Tabs.Tab value="merge" leftSection={<IconArrowsJoin size={16} />}>Merge</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="history"><HistoryTab contact={contact} /></Tabs.Panel>
        <Tabs.Panel value="details"><DetailsTab contact={contact} /></Tabs.Panel>
        <Tabs.Panel value="devices"><DevicesTab contact={contact} /></Tabs.Panel>
        <Tabs.Panel value="memberships"><MembershipsTab contact={contact} /></Tabs.Panel>
        <Tabs.Panel value="merge"><MergeTab contact={contact} onChanged={(survivor) => {
          if (survivor.id !== contact.id) navigate(`/contacts/${survivor.id}?tab=merge`);
          else resource.setData({ contact: survivor });
        }} /></Tabs.Panel>
      </Tabs>
    </>
  );
}
