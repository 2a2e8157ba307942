import { ActionIcon, Anchor, Badge, Button, Code, CopyButton, Group, Modal, ScrollArea, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconCode, IconCopy, IconInbox, IconPlus, IconWindow } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, errorMessage } from '../../api/client';
import type { Form, FormSubmission } from '../../api/types';
import { useUser } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { RowActions } from '../../components/RowActions';
import { TableCard } from '../../components/TableCard';
import { Empty, ErrorState, LoadingRows } from '../../components/states';
import { formatDateTime, plural, timeAgo } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { FormEditor } from './FormEditor';

const valueText = (value: unknown) => (Array.isArray(value) ? value.join(', ') : value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The latest submissions of a form; every value a visitor sent shows as text. */
function Submissions({ form }: { form: Form }) {
  const list = useResource((signal) => api.get<{ submissions: FormSubmission[]; total: number }>(`/api/v1/forms/${form.id}/submissions`, { limit: 10 }, signal), [form.id]);
  if (list.error) return <ErrorState error={list.error} onRetry={list.reload} title="The submissions could not be loaded" />;
  if (!list.data) return <LoadingRows rows={2} />;
  if (list.data.total === 0) return <Empty icon={<IconInbox />} title="No submissions yet" description="Submissions appear here, and on each contact's history." />;
  const names = form.fields.filter((f) => f.type !== 'hidden').slice(0, 4);
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">The latest {Math.min(10, list.data.total)} of {plural(list.data.total, 'submission')}</Text>
      <TableCard minWidth={560} data-testid="form-submissions">
        <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Contact</Table.Th>{names.map((f) => <Table.Th key={f.name}>{f.label}</Table.Th>)}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {list.data.submissions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td fz="sm" title={formatDateTime(s.submitted_at)}>{timeAgo(s.submitted_at)}</Table.Td>
              <Table.Td fz="sm"><Anchor component={Link} to={`/contacts/${s.contact_id}`} size="sm">#{s.contact_id}</Anchor></Table.Td>
              {names.map((f) => <Table.Td key={f.name} fz="sm" maw={220}><Text size="sm" truncate>{valueText(s.values[f.name])}</Text></Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </TableCard>
    </Stack>
  );
}

/** The HTML to paste into a page, with a copy button, and the form's latest submissions. */
function EmbedPanel({ form }: { form: Form }) {
  const embed = useResource((signal) => api.get<{ html: string }>(`/api/v1/forms/${form.id}/embed`, undefined, signal), [form.id, form.updated_at]);
  return (
    <Stack gap="md">
      {!form.published && <Text size="sm" c="orange">This form is not published: it refuses submissions until you publish it.</Text>}
      {embed.error ? <ErrorState error={embed.error} onRetry={embed.reload} title="The embed code could not be loaded" /> : !embed.data ? <LoadingRows rows={3} /> : (
        <Stack gap={6}>
          <Text size="sm" c="dimmed">Paste this HTML where the form should appear. It needs no script; with the tracking script on the page, the submission joins the visitor's history.</Text>
          <ScrollArea.Autosize mah={280} type="auto">
            <Code block fz="xs" data-testid="form-embed" style={{ whiteSpace: 'pre' }}>{embed.data.html}</Code>
          </ScrollArea.Autosize>
          <Group>
            <CopyButton value={embed.data.html} timeout={2000}>
              {({ copied, copy }) => (
                <Button size="xs" variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} onClick={copy}
                  leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>{copied ? 'Copied' : 'Copy the embed code'}</Button>
              )}
            </CopyButton>
          </Group>
        </Stack>
      )}
      <Title order={3} fz="sm">Recent submissions</Title>
      <Submissions form={form} />
    </Stack>
  );
}

type Open = { kind: 'edit'; form?: Form } | { kind: 'embed'; form: Form };

export default function FormsPage() {
  const admin = useUser().role === 'admin';
  const list = useResource((signal) => api.get<{ forms: Form[]; total: number }>('/api/v1/forms', { limit: 1000 }, signal), []);
  const [open, setOpen] = useState<Open>();

  const remove = (form: Form) => modals.openConfirmModal({
    title: <Text fw={650}>Delete the form “{form.name}”?</Text>,
    children: <Text size="sm">Pages that embed it can no longer send it. Its past submissions stay on the contacts' history.</Text>,
    labels: { confirm: 'Delete form', cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      try {
        await api.delete(`/api/v1/forms/${form.id}`);
        notifications.show({ color: 'teal', title: 'Form deleted', message: form.name });
        list.reload();
      } catch (error) {
        notifications.show({ color: 'red', title: 'The form was not deleted', message: errorMessage(error) });
      }
    },
  });

  const forms = list.data?.forms ?? [];
  return (
    <>
      <PageHeader title="Forms" description="Forms for your sites: what they ask, which contact fields they fill, and the code to embed them."
        actions={admin && <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen({ kind: 'edit' })}>New form</Button>} />
      {list.error && !list.data ? <ErrorState error={list.error} onRetry={list.reload} title="The forms could not be loaded" />
        : !list.data ? <LoadingRows rows={4} />
        : forms.length === 0 ? (
          <Empty icon={<IconWindow />} title="No forms yet" description="Create a form, embed it on your site, and every submission fills a contact.">
            {admin && <Button onClick={() => setOpen({ kind: 'edit' })}>New form</Button>}
          </Empty>
        ) : (
          <TableCard data-testid="forms-table">
            <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Fields</Table.Th><Table.Th>State</Table.Th><Table.Th>Updated</Table.Th><Table.Th w={130} /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {forms.map((form) => (
                <Table.Tr key={form.id} data-testid="form-row">
                  <Table.Td><Text size="sm" fw={500}>{form.name}</Text>{form.description && <Text size="xs" c="dimmed" truncate maw={360}>{form.description}</Text>}</Table.Td>
                  <Table.Td fz="sm" maw={320}><Text size="sm" truncate>{form.fields.map((f) => f.label).join(', ') || '—'}</Text></Table.Td>
                  <Table.Td>{form.published ? <Badge color="teal" variant="light">Published</Badge> : <Badge color="gray" variant="light">Unpublished</Badge>}</Table.Td>
                  <Table.Td fz="sm" title={formatDateTime(form.updated_at)}>{timeAgo(form.updated_at)}</Table.Td>
                  <Table.Td>
                    <RowActions name={form.name} onEdit={admin ? () => setOpen({ kind: 'edit', form }) : undefined} onDelete={admin ? () => remove(form) : undefined}>
                      <Tooltip label="Embed code and submissions"><ActionIcon variant="subtle" color="gray" aria-label={`Embed ${form.name}`} onClick={() => setOpen({ kind: 'embed', form })}><IconCode size={16} /></ActionIcon></Tooltip>
                    </RowActions>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </TableCard>
        )}
      <Modal opened={open !== undefined} onClose={() => setOpen(undefined)} size="xl"
        title={<Text fw={650}>{open?.kind === 'embed' ? `Embed “${open.form.name}”` : open?.form ? 'Edit form' : 'New form'}</Text>}>
        {open?.kind === 'edit' && (
          <FormEditor form={open.form} onCancel={() => setOpen(undefined)} onSaved={(saved) => {
            notifications.show({ color: 'teal', title: open.form ? 'Form saved' : 'Form created', message: saved.name });
            list.reload();
            setOpen(open.form ? undefined : { kind: 'embed', form: saved });
          }} />
        )}
        {open?.kind === 'embed' && <EmbedPanel form={open.form} />}
      </Modal>
    </>
  );
}
