import { Group, Text } from '@mantine/core';

export function Logo({ size = 26 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="var(--mantine-color-indigo-6)" />
        <circle cx="16" cy="12.5" r="5" fill="#fff" />
        <path d="M7 26c1.5-5 5-7.5 9-7.5s7.5 2.5 9 7.5" fill="#fff" />
      </svg>
      <Text fw={700} size="md" c="dark.8" style={{ letterSpacing: '-0.01em' }}>Contactbase</Text>
    </Group>
  );
}
