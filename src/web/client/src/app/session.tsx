import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from '../api/client';
import type { Session, User } from '../api/types';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; user: User }
  | { status: 'error'; error: unknown };

interface SessionContextValue {
  readonly state: SessionState;
  signIn(username: string, password: string): Promise<User>;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Who is signed in, from GET /api/v1/auth/session; keeps the CSRF token for the API client. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    api.get<Session>('/api/v1/auth/session').then(
      (session) => {
        if (cancelled) return;
        setCsrfToken(session.csrf_token);
        setState({ status: 'signed-in', user: session.user });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) setState({ status: 'signed-out', expired: false });
        else setState({ status: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setState((previous) => (previous.status === 'signed-in' ? { status: 'signed-out', expired: true } : previous));
    });
    return () => setUnauthenticatedHandler(undefined);
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const session = await api.post<Session>('/api/v1/auth/sign-in', { username, password });
    setCsrfToken(session.csrf_token);
    setState({ status: 'signed-in', user: session.user });
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    await api.post('/api/v1/auth/sign-out');
    setCsrfToken(null);
    setState({ status: 'signed-out', expired: false });
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, retry }), [state, signIn, signOut, retry]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only inside the signed-in frame. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return state.user;
}
