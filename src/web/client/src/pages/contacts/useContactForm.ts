import { useCallback, useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { Contact, Field } from '../../api/types';

const isBlank = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

const same = (a: unknown, b: unknown) => JSON.stringify(isBlank(a) ? null : a) === JSON.stringify(isBlank(b) ? null : b);

/** A new contact's starting values: each field's default. */
export function defaultValues(fields: readonly Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => !isBlank(f.default_value)).map((f) => [f.alias, f.default_value]));
}

export interface ContactFormState {
  readonly values: Record<string, unknown>;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly error: unknown;
  readonly saving: boolean;
  readonly dirty: boolean;
  setValue(alias: string, value: unknown): void;
  /** Creates (POST) or changes (PATCH, only what changed) the contact; the values stay as typed when it fails. */
  save(): Promise<Contact | undefined>;
}

/**
 * The state of a contact form. A failed save keeps every value as typed and maps the API's
 * messages onto the fields; a value's message goes away as soon as it is edited.
 */
export function useContactForm(fields: readonly Field[], original?: Contact): ContactFormState {
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    original ? Object.fromEntries(fields.map((f) => [f.alias, original[f.alias] ?? null])) : defaultValues(fields));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  const setValue = useCallback((alias: string, value: unknown) => {
    setValues((current) => ({ ...current, [alias]: value }));
    setFieldErrors((current) => {
      if (!(alias in current)) return current;
      const { [alias]: _removed, ...rest } = current;
      return rest;
    });
  }, []);

  const changes = () => {
    if (!original) return Object.fromEntries(Object.entries(values).filter(([, v]) => !isBlank(v)));
    return Object.fromEntries(
      Object.entries(values)
        .filter(([alias, v]) => !same(v, original[alias]))
        .map(([alias, v]) => [alias, isBlank(v) ? null : v]),
    );
  };

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const body = changes();
      const answer = original
        ? await api.patch<{ contact: Contact }>(`/api/v1/contacts/${original.id}`, body)
        : await api.post<{ contact: Contact }>('/api/v1/contacts', body);
      setFieldErrors({});
      return answer.contact;
    } catch (failure) {
      setError(failure);
      setFieldErrors(failure instanceof ApiError ? { ...failure.fields } : {});
      return undefined;
    } finally {
      setSaving(false);
    }
  };

  const dirty = original ? Object.entries(values).some(([alias, v]) => !same(v, original[alias])) : Object.values(values).some((v) => !isBlank(v));
  return { values, fieldErrors, error, saving, dirty, setValue, save };
}
