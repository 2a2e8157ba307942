import { ColorSwatch, Group, Text } from '@mantine/core';
import type { Status } from '../api/types';

/** A status as a colored dot and its name. */
export function StatusBadge({ status }: { status: Status | undefined }) {
  if (!status) return null;
  return (
    <Group gap={6} wrap="nowrap" component="span" style={{ display: 'inline-flex' }} data-testid="status">
      <ColorSwatch color={status.color ?? '#adb5bd'} size={9} withShadow={false} />
      <Text span size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{status.name}</Text>
    </Group>
  );
}
