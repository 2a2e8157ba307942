import { Box, Group, NativeSelect, NavLink, Stack, Text } from '@mantine/core';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { IconLock } from '@tabler/icons-react';
import { useUser } from '../../app/session';
import { Empty, LoadingRows } from '../../components/states';
import { settingsSections } from './sections';

/** Settings: a menu of sections beside the open one; admins-only sections are hidden from others. */
export function SettingsLayout() {
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const sections = settingsSections.filter((s) => !s.adminOnly || user.role === 'admin');
  const current = settingsSections.find((s) => location.pathname.startsWith(`/settings/${s.path}`));
  return (
    <Group align="flex-start" gap="xl" wrap="nowrap">
      <Box component="nav" aria-label="Settings" w={220} visibleFrom="sm" style={{ flexShrink: 0 }}>
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={6} px="xs">Settings</Text>
        <Stack gap={2}>
          {sections.map((section) => {
            const Icon = section.icon;
            const active = current?.path === section.path;
            return (
              <NavLink key={section.path} component={Link} to={`/settings/${section.path}`} label={section.label} active={active}
                leftSection={<Icon size={17} stroke={1.7} />} className="cb-navlink" aria-current={active ? 'page' : undefined} />
            );
          })}
        </Stack>
      </Box>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <NativeSelect hiddenFrom="sm" mb="md" aria-label="Settings section" value={current?.path ?? ''}
          data={sections.map((s) => ({ value: s.path, label: s.label }))} onChange={(e) => navigate(`/settings/${e.currentTarget.value}`)} />
        {current?.adminOnly && user.role !== 'admin' ? (
          <Empty icon={<IconLock />} title="Admins only" description="Ask an admin of your Contactbase to do this for you." />
        ) : (
          <Suspense fallback={<LoadingRows />}><Outlet /></Suspense>
        )}
      </Box>
    </Group>
  );
}

export function SettingsIndex() {
  return <Navigate to={`/settings/${settingsSections[0].path}`} replace />;
}
