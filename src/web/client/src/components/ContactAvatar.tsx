import { Avatar, type MantineSize } from '@mantine/core';
import { IconUserQuestion } from '@tabler/icons-react';
import type { Contact } from '../api/types';
import { avatarColor, contactName, initials } from '../lib/format';

/** Initials on a color of the contact's own; a question mark for a visitor nobody knows yet. */
export function ContactAvatar({ contact, size = 'md' }: { contact: Contact; size?: MantineSize | number }) {
  const letters = initials(contact);
  return (
    <Avatar size={size} radius="xl" color={letters ? avatarColor(contact.id) : 'gray'} variant="light" alt={contactName(contact)}>
      {letters || <IconUserQuestion size="60%" stroke={1.6} />}
    </Avatar>
  );
}
