import {
  ActionIcon, Anchor, Badge, Button, Code, CopyButton, Group, Paper, Select, Stack, Switch, Text, TextInput, Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCopy, IconPlus, IconX } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { CookieLevel, Settings } from '../../api/types';
import { useUser } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingRows, SaveErrorAlert } from '../../components/states';
import { useResource } from '../../lib/useResource';

const COOKIE_LEVELS: { value: CookieLevel; label: string }[] = [
  { value: 'all', label: 'All (1000): tracked' },
  { value: 'visitor', label: 'Visitor (200): tracked' },
  { value: 'editor', label: 'Editor (100): not tracked' },
  { value: 'essential', label: 'Essential (0): not tracked' },
  { value: 'system', label: 'System (-100): not tracked' },
  { value: 'none', label: 'None (-1000): not tracked' },
];

/** The Mautic loader, pointing at this server. */
export function trackingSnippet(origin: string): string {
  return `<script>
  (function (w, d, t, u, n, a, m) {
    w['MauticTrackingObject'] = n;
    w[n] = w[n] || function () { (w[n].q = w[n].q || []).push(arguments); };
    a = d.createElement(t); m = d.getElementsByTagName(t)[0];
    a.async = 1; a.src = u; m.parentNode.insertBefore(a, m);
  })(window, document, 'script', '${origin}/mtc.js', 'mt');
  mt('send', 'pageview');
</script>`;
}

function CopyCode({ code, label, testId }: { code: string; label: string; testId: string }) {
  return (
    <Stack gap={6}>
      <Code block fz="xs" data-testid={testId} style={{ whiteSpace: 'pre', overflowX: 'auto' }}>{code}</Code>
      <Group>
        <CopyButton value={code} timeout={2000}>
          {({ copied, copy }) => (
            <Button size="xs" variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} onClick={copy}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>{copied ? 'Copied' : label}</Button>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** A list setting (domains, addresses): add one, remove one; each change is saved at once. */
function ListSetting({ label, description, placeholder, values, disabled, onSave }: {
  label: string; description: ReactNode; placeholder: string; values: readonly string[]; disabled: boolean;
  onSave: (values: string[]) => Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value || values.includes(value)) return;
    setBusy(true);
    if (await onSave([...values, value])) setText('');
    setBusy(false);
  };
  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500}>{label}</Text>
        <Text size="xs" c="dimmed">{description}</Text>
      </div>
      <Group gap={6} data-testid={`${label}-values`}>
        {values.length === 0 ? <Text size="sm" c="dimmed">None</Text> : values.map((value) => (
          <Badge key={value} variant="light" tt="none" size="lg" pr={disabled ? undefined : 3}
            rightSection={disabled ? undefined : (
              <ActionIcon size="xs" variant="transparent" color="gray" aria-label={`Remove ${value}`} onClick={() => void onSave(values.filter((v) => v !== value))}>
                <IconX size={12} />
              </ActionIcon>
            )}>{value}</Badge>
        ))}
      </Group>
      {!disabled && (
        <form onSubmit={add}>
          <Group gap="xs" align="flex-start">
            <TextInput aria-label={`Add to ${label}`} placeholder={placeholder} value={text} onChange={(e) => setText(e.currentTarget.value)} w={320} size="sm" />
            <Button type="submit" variant="default" size="sm" loading={busy} disabled={!text.trim()} leftSection={<IconPlus size={14} />}>Add</Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

function Toggle({ label, description, checked, disabled, onChange }: { label: string; description: string; checked: boolean; disabled: boolean; onChange: (value: boolean) => void }) {
  return <Switch label={label} description={description} checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} />;
}

export default function TrackingPage() {
  const admin = useUser().role === 'admin';
  const settings = useResource((signal) => api.get<Settings>('/api/v1/settings', undefined, signal), []);
  const [error, setError] = useState<unknown>();
  const origin = window.location.origin;

  /** Saves a change; answers whether it was accepted. The API's refusal is shown, never swallowed. */
  const save = async (changes: Partial<Settings>, what: string): Promise<boolean> => {
    setError(undefined);
    try {
      settings.setData(await api.patch<Settings>('/api/v1/settings', changes));
      notifications.show({ color: 'teal', title: 'Saved', message: what });
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  };

  if (settings.error && !settings.data) return <ErrorState error={settings.error} onRetry={settings.reload} title="The tracking settings could not be loaded" />;
  const s = settings.data;
  const readOnly = !admin;
  const fieldError = (key: string) => (error instanceof ApiError ? Object.entries(error.fields).find(([k]) => k === key || k.startsWith(`${key}.`) || k.startsWith(`${key}/`))?.[1] : undefined);

  return (
    <>
      <PageHeader title="Tracking" description="The script for your sites, where it may run, and who is not tracked." />
      {!s ? <LoadingRows rows={6} /> : (
        <Stack gap="lg">
          {error !== undefined && <SaveErrorAlert error={error} />}
          <Paper withBorder p="lg">
            <Title order={2} fz="md" mb={4}>Tracking script</Title>
            <Text size="sm" c="dimmed" mb="sm">Paste it before <Code>&lt;/body&gt;</Code> on every page of your sites. It is Mautic's loader: Mautic plugins work too.</Text>
            <CopyCode code={trackingSnippet(origin)} label="Copy the script" testId="tracking-snippet" />
            <Text size="sm" c="dimmed" mt="md" mb="xs">Without JavaScript (emails, AMP pages): the pixel.</Text>
            <CopyCode code={`<img src="${origin}/mtracking.gif" width="1" height="1" alt="">`} label="Copy the pixel" testId="tracking-pixel" />
          </Paper>

          <Paper withBorder p="lg">
            <Title order={2} fz="md" mb="sm">Where the script may run</Title>
            <ListSetting label="Valid domains" placeholder="https://www.example.com" values={s.tracking_valid_domains} disabled={readOnly}
              description={<>Sites allowed to send tracking from a browser, as <Code>https://host</Code>; <Code>https://*.example.com</Code> covers subdomains. With none listed, every site may.{fieldError('tracking_valid_domains') ? <Text span c="red" size="xs" display="block">{fieldError('tracking_valid_domains')}</Text> : null}</>}
              onSave={(values) => save({ tracking_valid_domains: values }, 'Valid domains updated')} />
          </Paper>

          <Paper withBorder p="lg">
            <Title order={2} fz="md" mb="sm">Consent and who is tracked</Title>
            <Stack gap="md">
              <Select label="Default cookie level" description="For visitors who have not chosen one (mt('consent', level) sets it). Tracking needs visitor or all."
                data={COOKIE_LEVELS} value={s.default_cookie_level} allowDeselect={false} disabled={readOnly} w={360}
                onChange={(value) => value && value !== s.default_cookie_level && void save({ default_cookie_level: value as CookieLevel }, `Default cookie level: ${value}`)} />
              <Toggle label="Respect Do-Not-Track" description="Browsers that send DNT: 1 or Sec-GPC: 1 are not tracked." checked={s.respect_do_not_track} disabled={readOnly}
                onChange={(v) => void save({ respect_do_not_track: v }, v ? 'Do-Not-Track is respected' : 'Do-Not-Track is ignored')} />
              <Toggle label="Track private IP addresses" description="Visitors from private and loopback addresses (an intranet, your own machine)." checked={s.track_private_ips} disabled={readOnly}
                onChange={(v) => void save({ track_private_ips: v }, v ? 'Private addresses are tracked' : 'Private addresses are not tracked')} />
              <Toggle label="Track bots" description="Crawlers and bots, recognised by their user agent." checked={s.track_bots} disabled={readOnly}
                onChange={(v) => void save({ track_bots: v }, v ? 'Bots are tracked' : 'Bots are not tracked')} />
              <Toggle label="Anonymize IP addresses" description="Store visitors' addresses with the last part zeroed." checked={s.anonymize_ip} disabled={readOnly}
                onChange={(v) => void save({ anonymize_ip: v }, v ? 'Addresses are anonymized' : 'Addresses are stored whole')} />
              <ListSetting label="Addresses never tracked" placeholder="203.0.113.0/24" values={s.do_not_track_ips} disabled={readOnly}
                description={<>Addresses or CIDR ranges, e.g. your office.{fieldError('do_not_track_ips') ? <Text span c="red" size="xs" display="block">{fieldError('do_not_track_ips')}</Text> : null}</>}
                onSave={(values) => save({ do_not_track_ips: values }, 'Addresses never tracked updated')} />
            </Stack>
          </Paper>

          <Paper withBorder p="lg">
            <Title order={2} fz="md" mb="sm">Identifying visitors</Title>
            <Stack gap="md">
              <Toggle label="Identify by tracked URL (ct)" description="A visitor who opens a tracked email link (with its ct parameter) becomes that email's contact." checked={s.identify_by_tracking_url} disabled={readOnly}
                onChange={(v) => void save({ identify_by_tracking_url: v }, v ? 'Visitors are identified from tracked links' : 'Tracked links no longer identify visitors')} />
              <Text size="sm">
                Contacts are matched on their unique identifiers with <b>{s.unique_identifier_operator === 'and' ? 'all must match (AND)' : 'any one matches (OR)'}</b>.{' '}
                <Anchor component={Link} to="/settings/identity">Change it in Identity</Anchor>
              </Text>
            </Stack>
          </Paper>
          {readOnly && <Text size="xs" c="dimmed">Only admins can change these settings.</Text>}
        </Stack>
      )}
    </>
  );
}
