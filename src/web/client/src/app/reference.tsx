import { createContext, use, useCallback, useMemo, type ReactNode } from 'react';
import { api } from '../api/client';
import type { Field, Status, User } from '../api/types';
import { useResource } from '../lib/useResource';
import { useUser } from './session';

/**
 * What many pages need to show a contact: the field registry, the statuses and the users who can
 * own contacts. Loaded once after sign-in; settings pages reload it after a change.
 */
interface ReferenceData {
  readonly fields: readonly Field[];
  readonly statuses: readonly Status[];
  /** Everyone for admins; the signed-in user for others (the user list is admins-only). */
  readonly users: readonly User[];
  readonly loading: boolean;
  readonly error: unknown;
  reload(): void;
  field(alias: string): Field | undefined;
  statusById(id: unknown): Status | undefined;
  userById(id: unknown): User | undefined;
}

const ReferenceContext = createContext<ReferenceData | null>(null);

export function ReferenceProvider({ children }: { children: ReactNode }) {
  const me = useUser();
  const resource = useResource(async (signal) => {
    const [fields, statuses, users] = await Promise.all([
      api.get<{ fields: Field[] }>('/api/v1/fields', undefined, signal),
      api.get<{ statuses: Status[] }>('/api/v1/statuses', undefined, signal),
      me.role === 'admin'
        ? api.get<{ users: User[] }>('/api/v1/users', { limit: 1000 }, signal).then((r) => r.users)
        : Promise.resolve([me]),
    ]);
    return { fields: fields.fields, statuses: statuses.statuses, users };
  }, [me.id, me.role]);

  const { reload } = resource;
  const data = resource.data;
  const field = useCallback((alias: string) => data?.fields.find((f) => f.alias === alias), [data]);
  const statusById = useCallback((id: unknown) => data?.statuses.find((s) => s.id === id), [data]);
  const userById = useCallback((id: unknown) => data?.users.find((u) => u.id === id), [data]);

  const value = useMemo<ReferenceData>(() => ({
    fields: data?.fields ?? [],
    statuses: data?.statuses ?? [],
    users: data?.users ?? [],
    loading: resource.loading && !data,
    error: data ? undefined : resource.error,
    reload,
    field,
    statusById,
    userById,
  }), [data, resource.loading, resource.error, reload, field, statusById, userById]);

  return <ReferenceContext value={value}>{children}</ReferenceContext>;
}

export function useReference(): ReferenceData {
  const value = use(ReferenceContext);
  if (!value) throw new Error('useReference outside ReferenceProvider');
  return value;
}

export function userName(user: User | undefined): string {
  if (!user) return '';
  return [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username;
}
