import { Autocomplete, MultiSelect, NumberInput, Select, Switch, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput, DateTimePicker, TimeInput } from '@mantine/dates';
import dayjs from 'dayjs';
import type { Field } from '../api/types';
import { useReference, userName } from '../app/reference';
import { COUNTRY_CHOICES, LOCALE_CHOICES, localeLabel, TIMEZONE_CHOICES } from '../lib/choices';

export interface FieldInputProps {
  readonly field: Field;
  /** The value as the API has it (string, number, boolean, string[], id or null). */
  readonly value: unknown;
  readonly onChange: (value: unknown) => void;
  readonly error?: string;
  readonly autoFocus?: boolean;
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const orNull = (value: string) => (value === '' ? null : value);

/** Fields that need the width of two columns in a form. */
export function isWide(field: Field): boolean {
  return field.type === 'textarea';
}

/** Which fields the contact form can edit: published, and backed by an API the UI can list. */
export function isEditable(field: Field): boolean {
  return field.published && !(field.type === 'reference' && field.references === 'stages');
}

/** The right input for a field's type, bound to the API's value for it. */
export function FieldInput({ field, value, onChange, error, autoFocus }: FieldInputProps) {
  const reference = useReference();
  const common = {
    label: field.label,
    name: field.alias,
    error,
    withAsterisk: field.required,
    autoFocus,
    description: field.unique_identifier ? 'Identifies the contact: no two contacts share it' : undefined,
    'data-field': field.alias,
  };

  switch (field.type) {
    case 'textarea':
      return <Textarea {...common} autosize minRows={3} maxRows={10} value={asText(value)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
    case 'email':
      return <TextInput {...common} type="email" autoComplete="off" value={asText(value)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
    case 'phone':
      return <TextInput {...common} type="tel" autoComplete="off" value={asText(value)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
    case 'url':
      return <TextInput {...common} type="url" placeholder="https://" value={asText(value)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
    case 'number':
      return (
        <NumberInput {...common} value={typeof value === 'number' ? value : value === null || value === undefined ? '' : String(value)}
          onChange={(next) => onChange(next === '' ? null : typeof next === 'number' ? next : Number(next))} allowDecimal thousandSeparator="," />
      );
    case 'boolean':
      return (
        <Switch {...common} mt={common.description ? 0 : 26} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)}
          label={field.label} />
      );
    case 'date':
      return (
        <DatePickerInput {...common} clearable valueFormat="D MMM YYYY" placeholder="Pick a date"
          value={typeof value === 'string' && value ? value : null} onChange={(next) => onChange(next || null)} />
      );
    case 'datetime':
      return (
        <DateTimePicker {...common} clearable valueFormat="D MMM YYYY HH:mm" placeholder="Pick a date and time"
          value={typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : null}
          onChange={(next) => onChange(next ? dayjs(next).toISOString() : null)} />
      );
    case 'time':
      return <TimeInput {...common} value={asText(value).slice(0, 5)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
    case 'select':
      return (
        <Select {...common} clearable searchable data={field.options} value={typeof value === 'string' ? value : null}
          onChange={(next) => onChange(next)} placeholder="Choose" nothingFoundMessage="No such option" />
      );
    case 'multiselect':
      return (
        <MultiSelect {...common} clearable searchable data={field.options} value={Array.isArray(value) ? value.map(String) : []}
          onChange={(next) => onChange(next.length ? next : null)} placeholder="Choose" nothingFoundMessage="No such option" />
      );
    case 'country': {
      const data = typeof value === 'string' && value && !COUNTRY_CHOICES.includes(value) ? [value, ...COUNTRY_CHOICES] : COUNTRY_CHOICES;
      return <Select {...common} clearable searchable data={data} value={asText(value) || null} onChange={(next) => onChange(next)} placeholder="Choose a country" nothingFoundMessage="No such country" />;
    }
    case 'timezone': {
      const data = typeof value === 'string' && value && !TIMEZONE_CHOICES.includes(value) ? [value, ...TIMEZONE_CHOICES] : TIMEZONE_CHOICES;
      return <Select {...common} clearable searchable data={data} limit={200} value={asText(value) || null} onChange={(next) => onChange(next)} placeholder="e.g. Europe/Paris" nothingFoundMessage="No such time zone" />;
    }
    case 'locale': {
      const current = asText(value);
      const data = current && !LOCALE_CHOICES.some((c) => c.value === current) ? [{ value: current, label: localeLabel(current) }, ...LOCALE_CHOICES] : LOCALE_CHOICES;
      return <Select {...common} clearable searchable data={data} value={current || null} onChange={(next) => onChange(next)} placeholder="e.g. English (United States)" nothingFoundMessage="No such locale" />;
    }
    case 'lookup':
      return <Autocomplete {...common} data={field.options.map((o) => o.value)} value={asText(value)} onChange={(next) => onChange(orNull(next))} />;
    case 'reference': {
      if (field.references === 'statuses') {
        return (
          <Select {...common} clearable data={reference.statuses.map((s) => ({ value: String(s.id), label: s.name }))}
            value={value ? String(value) : null} onChange={(next) => onChange(next ? Number(next) : null)}
            placeholder={reference.statuses.length ? 'Choose a status' : 'No statuses yet'} />
        );
      }
      if (field.references === 'users') {
        const users = reference.users.map((u) => ({ value: String(u.id), label: userName(u) }));
        if (value && !users.some((u) => u.value === String(value))) users.push({ value: String(value), label: `User #${String(value)}` });
        return (
          <Select {...common} clearable searchable data={users} value={value ? String(value) : null}
            onChange={(next) => onChange(next ? Number(next) : null)} placeholder="Choose an owner" />
        );
      }
      return <TextInput {...common} value={asText(value)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
    }
    case 'text':
    case 'region':
    default:
      return <TextInput {...common} value={asText(value)} onChange={(e) => onChange(orNull(e.currentTarget.value))} />;
  }
}
