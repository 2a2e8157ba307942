import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../api/client';
import { ErrorState, LoadingRows } from '../components/states';
import { avatarColor } from '../lib/format';
import { Logo } from './Logo';
import { useReference, userName } from './reference';
import { navigation } from './registry';
import { useSession, useUser } from './session';

function UserMenu() {
  const user = useUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const name = userName(user);
  const onSignOut = async () => {
    try {
      await signOut();
      navigate('/sign-in', { replace: true });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Sign-out failed', message: errorMessage(error) });
    }
  };
  return (
    <Menu position="bottom-end" width={220} shadow="md">
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${name}`} data-testid="user-menu" className="cb-user-button">
          <Group gap={8} wrap="nowrap">
            <Avatar size={28} radius="xl" color={avatarColor(user.username)} variant="filled">
              {(user.first_name[0] ?? user.username[0] ?? '?').toUpperCase()}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">{name}</Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as <b>{user.username}</b> ({user.role})
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={onSignOut}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in app: sidebar navigation from the registry, header with the user menu. */
export function AppFrame() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const user = useUser();
  const reference = useReference();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={0}>
      <a className="cb-skip-link" href="#main">Skip to content</a>
      <AppShell.Header className="cb-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Link to="/contacts" className="cb-brand" aria-label="Contactbase home"><Logo /></Link>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" className="cb-navbar" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {navigation.filter((entry) => !entry.adminOnly || user.role === 'admin').map((entry) => {
              const Icon = entry.icon;
              const active = location.pathname === entry.to || location.pathname.startsWith(`${entry.to}/`);
              return (
                <NavLink key={entry.to} component={Link} to={entry.to} label={entry.label} active={active} onClick={close}
                  leftSection={<Icon size={18} stroke={1.7} />} className="cb-navlink" aria-current={active ? 'page' : undefined} />
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="xs">Contactbase</Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" className="cb-main">
        <div className="cb-page">
          {reference.error ? (
            <ErrorState error={reference.error} onRetry={reference.reload} title="Contactbase could not load its settings" />
          ) : reference.loading ? (
            <LoadingRows />
          ) : (
            <Suspense fallback={<LoadingRows />}>
              <Outlet />
            </Suspense>
          )}
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
