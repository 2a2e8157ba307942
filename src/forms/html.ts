import type { FormField, FormRow } from './schema.js';
import { FORM_LIMITS } from './schema.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and attribute values as HTML: whatever an admin or a visitor typed stays text. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const INPUT_TYPES: Partial<Record<FormField['type'], string>> = { text: 'text', email: 'email', phone: 'tel', number: 'number', date: 'date' };

function control(form: FormRow, field: FormField): string {
  const id = `cbform_${form.id}_${field.name}`;
  const name = `mauticform[${field.name}]`;
  const required = field.required ? ' required' : '';
  const label = `${escapeHtml(field.label)}${field.required ? ' <span class="cbform-required" aria-hidden="true">*</span>' : ''}`;
  switch (field.type) {
    case 'hidden':
      return `  <input type="hidden" name="${escapeHtml(name)}" value="">\n`;
    case 'textarea':
      return `  <div class="cbform-row">\n    <label for="${id}">${label}</label>\n    <textarea id="${id}" name="${escapeHtml(name)}" maxlength="${FORM_LIMITS.value}" rows="4"${required}></textarea>\n  </div>\n`;
    case 'select': {
      const options = field.options.map((o) => `      <option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>\n`).join('');
      return `  <div class="cbform-row">\n    <label for="${id}">${label}</label>\n    <select id="${id}" name="${escapeHtml(name)}"${required}>\n      <option value=""></option>\n${options}    </select>\n  </div>\n`;
    }
    case 'checkbox': {
      if (field.options.length === 0) {
        return `  <div class="cbform-row cbform-checkbox">\n    <label><input type="checkbox" name="${escapeHtml(name)}" value="1"${required}> ${label}</label>\n  </div>\n`;
      }
      const boxes = field.options.map((o, i) =>
        `    <label><input type="checkbox" id="${id}_${i}" name="${escapeHtml(`${name}[]`)}" value="${escapeHtml(o.value)}"> ${escapeHtml(o.label)}</label>\n`).join('');
      return `  <fieldset class="cbform-row cbform-checkboxes">\n    <legend>${label}</legend>\n${boxes}  </fieldset>\n`;
    }
    default: {
      const step = field.type === 'number' ? ' step="any"' : '';
      const length = field.type === 'number' || field.type === 'date' ? '' : ` maxlength="${FORM_LIMITS.value}"`;
      return `  <div class="cbform-row">\n    <label for="${id}">${label}</label>\n    <input id="${id}" type="${INPUT_TYPES[field.type]}" name="${escapeHtml(name)}"${length}${step}${required}>\n  </div>\n`;
    }
  }
}

/**
 * The form as plain HTML to paste into a page: it posts to `<server>/form/submit` with
 * Mautic's field names and works without any script. `mauticform[return]` may be set to the
 * page a visitor returns to (an address on the valid domains list).
 */
export function renderEmbed(form: FormRow, serverUrl: string): string {
  const action = `${serverUrl}/form/submit?formId=${form.id}`;
  const description = form.description ? `  <p class="cbform-description">${escapeHtml(form.description)}</p>\n` : '';
  return `<form class="cbform" id="cbform_${form.id}" method="post" action="${escapeHtml(action)}" accept-charset="utf-8">\n`
    + description
    + form.fields.map((field) => control(form, field)).join('')
    + `  <input type="hidden" name="mauticform[formId]" value="${form.id}">\n`
    + '  <input type="hidden" name="mauticform[return]" value="">\n'
    + '  <div class="cbform-row"><button type="submit" class="cbform-submit">Submit</button></div>\n'
    + '</form>\n';
}

function page(title: string, body: string): string {
  return '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    + `<title>${escapeHtml(title)}</title>\n`
    + '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#222}</style>\n'
    + `</head>\n<body>\n<main>\n${body}</main>\n</body>\n</html>\n`;
}

/** The page a browser sees after a submission when there is nowhere to redirect it. */
export function renderThanks(form: FormRow): string {
  const message = form.success_message || 'Thank you, your submission was received.';
  return page(form.name, `<p>${escapeHtml(message)}</p>\n`);
}

/** What went wrong with a submission, for a browser that posted a plain HTML form. */
export function renderProblems(message: string, problems: Readonly<Record<string, string>> | undefined, labels: ReadonlyMap<string, string>, back: string | undefined): string {
  const list = problems
    ? `<ul>\n${Object.entries(problems).map(([name, problem]) => `<li>${escapeHtml(labels.get(name) ?? name)}: ${escapeHtml(problem)}</li>\n`).join('')}</ul>\n`
    : '';
  const link = back ? `<p><a href="${escapeHtml(back)}">Back to the form</a></p>\n` : '';
  return page('Form not sent', `<p>${escapeHtml(message)}</p>\n${list}${link}`);
}
