import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, type FormEvent } from 'react';
import type { Contact } from '../../api/types';
import { useReference } from '../../app/reference';
import { FieldInput, isEditable } from '../../components/FieldInput';
import { SaveErrorAlert } from '../../components/states';
import { contactName } from '../../lib/format';
import { DuplicateNotice } from './DuplicateNotice';
import { useContactForm } from './useContactForm';

function QuickAddForm({ onClose, onCreated }: { onClose: () => void; onCreated: (contact: Contact) => void }) {
  const reference = useReference();
  const fields = useMemo(() => reference.fields.filter((f) => f.quick_add && isEditable(f)), [reference.fields]);
  const form = useContactForm(fields);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const contact = await form.save();
    if (!contact) return;
    notifications.show({ color: 'teal', title: 'Contact added', message: contactName(contact) });
    onCreated(contact);
    onClose();
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Quick add">
      <Stack gap="md">
        {fields.length === 0 && <Text size="sm" c="dimmed">No field is marked for quick add. An admin can mark some in Settings → Fields.</Text>}
        {form.error !== undefined && (
          <SaveErrorAlert error={form.error} shown={fields.map((f) => f.alias)}>
            <DuplicateNotice error={form.error} />
          </SaveErrorAlert>
        )}
        {fields.map((field, index) => (
          <FieldInput key={field.alias} field={field} value={form.values[field.alias] ?? null} error={form.fieldErrors[field.alias]}
            onChange={(value) => form.setValue(field.alias, value)} autoFocus={index === 0} />
        ))}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={form.saving}>Add contact</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A short form of the fields marked "quick add". */
export function QuickAddModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (contact: Contact) => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>Quick add</Text>} size="md">
      {opened && <QuickAddForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}
