import type { FormRow } from './schema.js';

export function presentForm(row: FormRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    fields: row.fields.map((field) => ({
      name: field.name,
      label: field.label,
      type: field.type,
      required: field.required,
      options: field.options.map((option) => ({ value: option.value, label: option.label })),
      maps_to: field.maps_to,
    })),
    success_message: row.success_message,
    redirect_url: row.redirect_url,
    published: row.published,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** A form.submitted event as a submission of its form. */
export function presentSubmission(event: { id: number; contact_id: number; occurred_at: Date; data: Record<string, unknown> }) {
  const values = event.data.values;
  return {
    id: event.id,
    contact_id: event.contact_id,
    submitted_at: event.occurred_at.toISOString(),
    values: values && typeof values === 'object' && !Array.isArray(values) ? values as Record<string, unknown> : {},
    page_url: text(event.data.page_url),
    referrer: text(event.data.referrer),
  };
}
