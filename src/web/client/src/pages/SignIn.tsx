import { Alert, Button, Center, Loader, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockHour4 } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/client';
import { Logo } from '../app/Logo';
import { useSession } from '../app/session';

/** Only a path of this app: never another site (`//evil.example`). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/contacts';
}

export function SignIn() {
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (state.status === 'loading') return <Center h="100vh"><Loader aria-label="Loading" /></Center>;
  if (state.status === 'signed-in' && !busy) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(username.trim(), password);
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <div className="cb-signin">
      <Stack w="100%" maw={400} gap="lg" px="md">
        <Center><Logo size={34} /></Center>
        <Paper withBorder shadow="sm" p={32} radius="lg">
          <form onSubmit={submit} noValidate aria-label="Sign in">
            <Stack gap="md">
              <div>
                <Title order={1} fz={22}>Sign in</Title>
                <Text c="dimmed" size="sm" mt={4}>Welcome back. Use your Contactbase username and password.</Text>
              </div>
              {params.get('expired') && !error && (
                <Alert color="yellow" variant="light" icon={<IconClockHour4 size={18} />}>Your session has ended. Sign in again to continue.</Alert>
              )}
              {error !== undefined && (
                <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" data-testid="sign-in-error">
                  {errorMessage(error)}
                </Alert>
              )}
              <TextInput label="Username" name="username" autoComplete="username" autoFocus required
                value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
              <PasswordInput label="Password" name="password" autoComplete="current-password" required
                value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={busy} fullWidth size="md" disabled={!username.trim() || !password}>Sign in</Button>
            </Stack>
          </form>
        </Paper>
        <Text c="dimmed" size="xs" ta="center">
          First start? The password of the first admin was printed once in the server's log.
        </Text>
      </Stack>
    </div>
  );
}
