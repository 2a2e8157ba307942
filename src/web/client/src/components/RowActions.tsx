import { ActionIcon, Group, Tooltip } from '@mantine/core';
import { IconEdit, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** A table row's Edit and Delete buttons (either may be left out), after any of the page's own. */
export function RowActions({ name, onEdit, onDelete, children }: { name: string; onEdit?: () => void; onDelete?: () => void; children?: ReactNode }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {children}
      {onEdit && <Tooltip label="Edit"><ActionIcon variant="subtle" color="gray" aria-label={`Edit ${name}`} onClick={onEdit}><IconEdit size={16} /></ActionIcon></Tooltip>}
      {onDelete && <Tooltip label="Delete"><ActionIcon variant="subtle" color="red" aria-label={`Delete ${name}`} onClick={onDelete}><IconTrash size={16} /></ActionIcon></Tooltip>}
    </Group>
  );
}
