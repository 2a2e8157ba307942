import { Anchor, Badge, Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import type { Settings } from '../../api/types';
import { useReference } from '../../app/reference';
import { useUser } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingRows, SaveErrorAlert } from '../../components/states';
import { useResource } from '../../lib/useResource';

export default function IdentityPage() {
  const admin = useUser().role === 'admin';
  const { fields } = useReference();
  const settings = useResource((signal) => api.get<Settings>('/api/v1/settings', undefined, signal), []);
  const [operator, setOperator] = useState<'or' | 'and'>('or');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const identifiers = fields.filter((f) => f.unique_identifier);

  useEffect(() => {
    if (settings.data) setOperator(settings.data.unique_identifier_operator);
  }, [settings.data]);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      settings.setData(await api.patch<Settings>('/api/v1/settings', { unique_identifier_operator: operator }));
      notifications.show({ color: 'teal', title: 'Saved', message: 'Contacts are matched with the new rule from now on.' });
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title="Identity" description="How Contactbase recognises the same person across visits, forms, imports and the API." />
      <Stack gap="lg">
        <Paper withBorder p="lg">
          <Title order={2} fz="md" mb={4}>Unique identifiers</Title>
          <Text size="sm" c="dimmed" mb="sm">Fields whose value belongs to one contact only. A contact with none of them filled is anonymous.</Text>
          <Group gap="xs">
            {identifiers.length ? identifiers.map((f) => <Badge key={f.alias} variant="light" tt="none" size="lg">{f.label}</Badge>) : <Text size="sm">None</Text>}
          </Group>
          <Anchor component={Link} to="/settings/fields" size="sm" mt="sm" display="inline-block">Mark other fields in Fields</Anchor>
        </Paper>
        <Paper withBorder p="lg">
          <Title order={2} fz="md" mb={4}>When several identifiers are set</Title>
          {settings.error ? <ErrorState error={settings.error} onRetry={settings.reload} /> : !settings.data ? <LoadingRows rows={2} /> : (
            <Stack gap="md" mt="sm">
              <Radio.Group value={operator} onChange={(v) => setOperator(v as 'or' | 'and')} aria-label="Unique identifier operator">
                <Stack gap="sm">
                  <Radio value="or" disabled={!admin} label="Any one matches (OR)" description="Two contacts are the same person when any identifier value is equal. The default." />
                  <Radio value="and" disabled={!admin} label="All match (AND)" description="Two contacts are the same person only when every identifier value given is equal." />
                </Stack>
              </Radio.Group>
              {error !== undefined && <SaveErrorAlert error={error} />}
              {admin ? (
                <Group><Button onClick={save} loading={saving} disabled={operator === settings.data.unique_identifier_operator}>Save</Button></Group>
              ) : <Text size="xs" c="dimmed">Only admins can change this.</Text>}
            </Stack>
          )}
        </Paper>
      </Stack>
    </>
  );
}
