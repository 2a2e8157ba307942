import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { Contact } from '../../api/types';
import { contactName } from '../../lib/format';
import { useResource } from '../../lib/useResource';

/** Under a 409: who holds the identifier already, with a link to them. */
export function DuplicateNotice({ error }: { error: unknown }) {
  const id = error instanceof ApiError && error.code === 'duplicate_contact' ? error.existingId : undefined;
  const existing = useResource((signal) => (id ? api.get<{ contact: Contact }>(`/api/v1/contacts/${id}`, undefined, signal) : Promise.resolve(undefined)), [id]);
  if (!id) return null;
  const name = existing.data?.contact ? contactName(existing.data.contact) : `contact #${id}`;
  return (
    <Text size="sm" data-testid="duplicate-notice">
      This looks like a contact you already have:{' '}
      <Anchor component={Link} to={`/contacts/${id}`} fw={600}>open {name}</Anchor>
      {' '}instead, or change the value and save again.
    </Text>
  );
}
