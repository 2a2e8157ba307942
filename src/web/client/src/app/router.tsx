import { createBrowserRouter, Navigate, Outlet, useLocation } from 'react-router';
import { Center, Loader } from '@mantine/core';
import { ErrorState } from '../components/states';
import { NotFound } from '../pages/NotFound';
import { SignIn } from '../pages/SignIn';
import { SettingsLayout, SettingsIndex } from '../pages/settings/SettingsLayout';
import { AppFrame } from './AppFrame';
import { ReferenceProvider } from './reference';
import { pages, settingsSections } from './registry';
import { useSession } from './session';

/** Signed-in pages: sends a visitor without a session to the sign-in page, and back after. */
function RequireSession() {
  const { state, retry } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return <Center h="100vh"><Loader aria-label="Loading" /></Center>;
  }
  if (state.status === 'error') {
    return <Center h="100vh" p="md"><ErrorState error={state.error} onRetry={retry} title="Contactbase cannot reach its server" /></Center>;
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const query = new URLSearchParams();
    if (next !== '/' && next !== '/contacts') query.set('next', next);
    if (state.expired) query.set('expired', '1');
    const search = query.toString();
    return <Navigate to={`/sign-in${search ? `?${search}` : ''}`} replace />;
  }
  return (
    <ReferenceProvider>
      <Outlet />
    </ReferenceProvider>
  );
}

export const router = createBrowserRouter([
  { path: '/sign-in', Component: SignIn },
  {
    Component: RequireSession,
    children: [{
      Component: AppFrame,
      children: [
        { index: true, element: <Navigate to="/contacts" replace /> },
        ...pages.map(({ path, Component }) => ({ path, Component })),
        {
          path: 'settings',
          Component: SettingsLayout,
          children: [
            { index: true, Component: SettingsIndex },
            ...settingsSections.map(({ path, Component }) => ({ path, Component })),
          ],
        },
        { path: '*', Component: NotFound },
      ],
    }],
  },
]);
