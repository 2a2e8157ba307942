import { Anchor, Breadcrumbs, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export interface Crumb {
  readonly label: string;
  readonly to?: string;
}

export function PageHeader({ title, description, actions, crumbs }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; crumbs?: readonly Crumb[] }) {
  return (
    <Stack gap={6} mb="lg">
      {crumbs && crumbs.length > 0 && (
        <Breadcrumbs separatorMargin={6} fz="sm">
          {crumbs.map((crumb) => (crumb.to
            ? <Anchor key={crumb.label} component={Link} to={crumb.to} c="dimmed" size="sm">{crumb.label}</Anchor>
            : <Text key={crumb.label} c="dimmed" size="sm">{crumb.label}</Text>))}
        </Breadcrumbs>
      )}
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={2} style={{ minWidth: 0 }}>
          {title && <Title order={1} fz={24} fw={650} lh={1.25}>{title}</Title>}
          {description && <Text c="dimmed" size="sm">{description}</Text>}
        </Stack>
        {actions && <Group gap="xs" wrap="nowrap">{actions}</Group>}
      </Group>
    </Stack>
  );
}
