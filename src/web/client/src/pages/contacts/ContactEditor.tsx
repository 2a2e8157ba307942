import { Badge, Button, Group, Kbd, Paper, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import type { Contact, Field, FieldGroup } from '../../api/types';
import { useReference } from '../../app/reference';
import { FieldInput, isEditable, isWide } from '../../components/FieldInput';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingRows, SaveErrorAlert } from '../../components/states';
import { contactName } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { DuplicateNotice } from './DuplicateNotice';
import { useContactForm } from './useContactForm';

type Tab = FieldGroup | 'custom';

const TABS: readonly { value: Tab; label: string }[] = [
  { value: 'core', label: 'Core' },
  { value: 'social', label: 'Social' },
  { value: 'personal', label: 'Personal' },
  { value: 'professional', label: 'Professional' },
  { value: 'custom', label: 'Custom' },
];

/** Built-in fields sit in their group's tab; every custom field in "Custom". */
const tabOf = (field: Field): Tab => (field.builtin ? field.group : 'custom');

function ContactForm({ original }: { original?: Contact }) {
  const reference = useReference();
  const navigate = useNavigate();
  const fields = useMemo(() => reference.fields.filter(isEditable), [reference.fields]);
  const form = useContactForm(fields, original);
  const tabs = TABS.filter((tab) => fields.some((f) => tabOf(f) === tab.value));
  const [tab, setTab] = useState<Tab>('core');
  const errorCount = (value: Tab) => fields.filter((f) => tabOf(f) === value && form.fieldErrors[f.alias]).length;

  // After a failed save, show the first tab with a message on it.
  useEffect(() => {
    const first = fields.find((f) => form.fieldErrors[f.alias]);
    if (first) setTab(tabOf(first));
  }, [form.fieldErrors, fields]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const saved = await form.save();
    if (!saved) return;
    notifications.show({ color: 'teal', title: original ? 'Contact saved' : 'Contact created', message: contactName(saved) });
    navigate(`/contacts/${saved.id}`);
  };

  const cancelTo = original ? `/contacts/${original.id}` : '/contacts';
  return (
    <form onSubmit={submit} noValidate aria-label={original ? 'Edit contact' : 'New contact'} onKeyDown={getHotkeyHandler([['mod+Enter', () => void submit()]])}>
      <Stack gap="md">
        {form.error !== undefined && (
          <SaveErrorAlert error={form.error} shown={fields.map((f) => f.alias)}>
            <DuplicateNotice error={form.error} />
          </SaveErrorAlert>
        )}
        <Paper withBorder p={0}>
          <Tabs value={tab} onChange={(value) => value && setTab(value as Tab)} keepMounted={false}>
            <Tabs.List px="md" pt={6}>
              {tabs.map((t) => (
                <Tabs.Tab key={t.value} value={t.value} rightSection={errorCount(t.value) ? <Badge size="xs" color="red" circle>{errorCount(t.value)}</Badge> : undefined}>
                  {t.label}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {tabs.map((t) => (
              <Tabs.Panel key={t.value} value={t.value} p="lg">
                <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="md">
                  {fields.filter((f) => tabOf(f) === t.value).map((field) => (
                    <div key={field.alias} style={isWide(field) ? { gridColumn: '1 / -1' } : undefined}>
                      <FieldInput field={field} value={form.values[field.alias] ?? null} error={form.fieldErrors[field.alias]}
                        onChange={(value) => form.setValue(field.alias, value)} />
                    </div>
                  ))}
                </SimpleGrid>
              </Tabs.Panel>
            ))}
          </Tabs>
        </Paper>
        <Group justify="space-between">
          <Text size="xs" c="dimmed"><Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> saves</Text>
          <Group gap="xs">
            <Button variant="default" component={Link} to={cancelTo}>Cancel</Button>
            <Button type="submit" loading={form.saving} disabled={original !== undefined && !form.dirty}>
              {original ? 'Save changes' : 'Create contact'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

export function ContactCreate() {
  return (
    <>
      <PageHeader title="New contact" crumbs={[{ label: 'Contacts', to: '/contacts' }, { label: 'New' }]}
        description="Fill in what you know; only the fields marked * are required." />
      <ContactForm />
    </>
  );
}

export function ContactEdit() {
  const { id } = useParams();
  const navigate = useNavigate();
  const contact = useResource((signal) => api.get<{ contact: Contact }>(`/api/v1/contacts/${id}`, undefined, signal), [id]);
  const loaded = contact.data?.contact;

  // A merged-away id answers with the survivor: edit that one under its own address.
  useEffect(() => {
    if (loaded && String(loaded.id) !== id) navigate(`/contacts/${loaded.id}/edit`, { replace: true });
  }, [loaded, id, navigate]);

  if (contact.error) return <ErrorState error={contact.error} onRetry={contact.reload} />;
  if (!loaded || String(loaded.id) !== id) return <LoadingRows />;
  return (
    <>
      <PageHeader title={`Edit ${contactName(loaded)}`}
        crumbs={[{ label: 'Contacts', to: '/contacts' }, { label: contactName(loaded), to: `/contacts/${loaded.id}` }, { label: 'Edit' }]} />
      <ContactForm key={loaded.id} original={loaded} />
    </>
  );
}
