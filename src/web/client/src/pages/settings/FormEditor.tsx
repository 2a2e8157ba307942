import {
  ActionIcon, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Switch, TagsInput, Text, Textarea, TextInput, Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ApiError, api } from '../../api/client';
import { FORM_FIELD_TYPES, type Form, type FormFieldType } from '../../api/types';
import { useReference } from '../../app/reference';
import { SaveErrorAlert } from '../../components/states';

interface DraftField {
  key: number;
  name: string;
  /** The name follows the label until someone types one. */
  nameTouched: boolean;
  label: string;
  type: FormFieldType;
  required: boolean;
  options: string[];
  maps_to: string | null;
}

const TYPE_LABELS: Record<FormFieldType, string> = {
  text: 'Text', textarea: 'Long text', email: 'Email', phone: 'Phone', number: 'Number', select: 'Select', checkbox: 'Checkbox(es)', hidden: 'Hidden', date: 'Date',
};
const WITH_OPTIONS = new Set<FormFieldType>(['select', 'checkbox']);

let nextKey = 1;

/** `Work email` -> `work_email`, as the API's field names must be. */
export function nameFromLabel(label: string): string {
  const base = label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return (/^[a-z]/.test(base) ? base : `f_${base}`).slice(0, 64).replace(/_+$/, '') || 'field';
}

function draftOf(form?: Form): DraftField[] {
  return (form?.fields ?? []).map((f) => ({
    key: nextKey++, name: f.name, nameTouched: true, label: f.label, type: f.type, required: f.required,
    // A plain string stands for an option whose value and label are the same.
    options: f.options.map((o) => (o.value === o.label ? o.label : `${o.value}=${o.label}`)), maps_to: f.maps_to,
  }));
}

function optionsOf(texts: string[]) {
  return texts.map((text) => {
    const at = text.indexOf('=');
    return at > 0 ? { value: text.slice(0, at).trim(), label: text.slice(at + 1).trim() } : text.trim();
  });
}

/** Create or edit a form: its fields (mapped to contact fields), messages and publication. */
export function FormEditor({ form, onSaved, onCancel }: { form?: Form; onSaved: (form: Form) => void; onCancel: () => void }) {
  const reference = useReference();
  const [name, setName] = useState(form?.name ?? '');
  const [description, setDescription] = useState(form?.description ?? '');
  const [successMessage, setSuccessMessage] = useState(form?.success_message ?? 'Thank you!');
  const [redirectUrl, setRedirectUrl] = useState(form?.redirect_url ?? '');
  const [published, setPublished] = useState(form?.published ?? true);
  const [fields, setFields] = useState<DraftField[]>(() => draftOf(form));
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const problems = error instanceof ApiError ? error.fields : {};

  // A visitor must not choose their own owner, status, stage or points: the API refuses those.
  const contactFields = reference.fields
    .filter((f) => f.type !== 'reference' && f.alias !== 'points')
    .map((f) => ({ value: f.alias, label: `${f.label} (${f.alias})` }));

  const change = (key: number, patch: Partial<DraftField>) => setFields((all) => all.map((f) => {
    if (f.key !== key) return f;
    const next = { ...f, ...patch };
    if (patch.label !== undefined && !f.nameTouched) next.name = nameFromLabel(patch.label);
    return next;
  }));
  const move = (index: number, by: number) => setFields((all) => {
    const next = [...all];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item);
    return next;
  });
  const addField = () => setFields((all) => [...all, { key: nextKey++, name: '', nameTouched: false, label: '', type: 'text', required: false, options: [], maps_to: null }]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const body = {
      name, description, success_message: successMessage, redirect_url: redirectUrl.trim() || null, published,
      fields: fields.map((f) => ({
        name: f.name || nameFromLabel(f.label), label: f.label, type: f.type, required: f.required, maps_to: f.maps_to,
        ...(WITH_OPTIONS.has(f.type) ? { options: optionsOf(f.options) } : {}),
      })),
    };
    try {
      const saved = form
        ? await api.patch<{ form: Form }>(`/api/v1/forms/${form.id}`, body)
        : await api.post<{ form: Form }>('/api/v1/forms', body);
      onSaved(saved.form);
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  };

  const shown = ['name', 'description', 'success_message', 'redirect_url', ...fields.flatMap((_, i) => ['name', 'label', 'type', 'options', 'maps_to'].map((k) => `fields.${i}.${k}`))];

  return (
    <form onSubmit={submit} noValidate aria-label={form ? 'Edit form' : 'New form'}>
      <Stack gap="md">
        {error !== undefined && <SaveErrorAlert error={error} shown={shown} />}
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={problems.name} data-autofocus placeholder="e.g. Contact us" />
        <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={problems.description} autosize minRows={1} description="For your team; not shown to visitors." />

        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="sm" fw={500}>Fields</Text>
            <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={addField}>Add field</Button>
          </Group>
          {fields.length === 0 && <Text size="sm" c="dimmed">No fields yet. A form with an email field mapped to Email identifies whoever sends it.</Text>}
          {fields.map((field, index) => {
            const at = `fields.${index}`;
            return (
              <Paper key={field.key} withBorder p="sm" data-testid="form-field" role="group" aria-label={`Field ${index + 1}`}>
                <Stack gap="xs">
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                    <TextInput label="Label" size="xs" required value={field.label} error={problems[`${at}.label`]}
                      onChange={(e) => change(field.key, { label: e.currentTarget.value })} />
                    <TextInput label="Name" size="xs" value={field.name} error={problems[`${at}.name`]} description="Key sent: letters, digits, _"
                      onChange={(e) => change(field.key, { name: e.currentTarget.value, nameTouched: true })} />
                    <Select label="Type" size="xs" data={FORM_FIELD_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} value={field.type} allowDeselect={false}
                      error={problems[`${at}.type`]} onChange={(v) => v && change(field.key, { type: v as FormFieldType })} />
                  </SimpleGrid>
                  <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
                    <Select label="Saves to contact field" size="xs" data={contactFields} value={field.maps_to} clearable searchable placeholder="Keep on the submission only"
                      error={problems[`${at}.maps_to`]} onChange={(v) => change(field.key, { maps_to: v })} />
                    {WITH_OPTIONS.has(field.type) ? (
                      <TagsInput label="Options" size="xs" value={field.options} onChange={(options) => change(field.key, { options })} error={problems[`${at}.options`]}
                        description="Enter after each; value=Label to differ" style={{ gridColumn: 'span 2' }} />
                    ) : <div />}
                  </SimpleGrid>
                  <Group justify="space-between">
                    <Checkbox label="Required" size="xs" checked={field.required} onChange={(e) => change(field.key, { required: e.currentTarget.checked })} />
                    <Group gap={4}>
                      <Tooltip label="Move up"><ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${field.label || 'field'} up`} disabled={index === 0} onClick={() => move(index, -1)}><IconArrowUp size={14} /></ActionIcon></Tooltip>
                      <Tooltip label="Move down"><ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${field.label || 'field'} down`} disabled={index === fields.length - 1} onClick={() => move(index, 1)}><IconArrowDown size={14} /></ActionIcon></Tooltip>
                      <Tooltip label="Remove"><ActionIcon variant="subtle" color="red" size="sm" aria-label={`Remove ${field.label || 'field'}`} onClick={() => setFields((all) => all.filter((f) => f.key !== field.key))}><IconTrash size={14} /></ActionIcon></Tooltip>
                    </Group>
                  </Group>
                </Stack>
              </Paper>
            );
          })}
        </Stack>

        <Textarea label="Success message" value={successMessage} onChange={(e) => setSuccessMessage(e.currentTarget.value)} error={problems.success_message} autosize minRows={1} description="Shown after a submission." />
        <TextInput label="Redirect URL" value={redirectUrl} onChange={(e) => setRedirectUrl(e.currentTarget.value)} error={problems.redirect_url} placeholder="https://www.example.com/thanks" description="Where the browser goes after a submission; empty to stay on the page." />
        <Switch label="Published" description="Unpublished forms refuse submissions." checked={published} onChange={(e) => setPublished(e.currentTarget.checked)} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>Cancel</Button>
          <Button type="submit" loading={saving}>{form ? 'Save form' : 'Create form'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
