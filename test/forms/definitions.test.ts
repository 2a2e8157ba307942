import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp({ TRACK_PRIVATE_IPS: 'true', TRACKING_VALID_DOMAINS: 'https://site.example' });

const CONTACT_FORM = {
  name: 'Contact us',
  description: 'We answer within a day',
  fields: [
    { name: 'email', label: 'Email', type: 'email', required: true, maps_to: 'email' },
    { name: 'first_name', label: 'First name', type: 'text', maps_to: 'firstname' },
    { name: 'topic', label: 'Topic', type: 'select', options: ['Sales', { value: 'support', label: 'Support' }] },
    { name: 'message', label: 'Message', type: 'textarea' },
  ],
  success_message: 'Thanks!',
};

async function create(payload: Record<string, unknown>) {
  return t.request({ method: 'POST', url: '/api/v1/forms', payload });
}

describe('form definitions', () => {
  it('creates a form with its fields, reads, lists, changes and deletes it', async () => {
    const res = await create(CONTACT_FORM);
    assert.equal(res.statusCode, 201, res.body);
    const form = res.json().form;
    assert.equal(res.headers.location, `/api/v1/forms/${form.id}`);
    assert.equal(form.name, 'Contact us');
    assert.equal(form.published, true);
    assert.equal(form.redirect_url, null);
    assert.deepEqual(form.fields[0], { name: 'email', label: 'Email', type: 'email', required: true, options: [], maps_to: 'email' });
    assert.deepEqual(form.fields[2].options, [{ value: 'Sales', label: 'Sales' }, { value: 'support', label: 'Support' }]);
    assert.equal(form.fields[3].required, false);
    assert.equal(form.fields[3].maps_to, null);

    const read = await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}` });
    assert.deepEqual(read.json().form, form);
    const list = (await t.request({ method: 'GET', url: '/api/v1/forms' })).json();
    assert.ok(list.forms.some((f: { id: number }) => f.id === form.id));
    assert.equal(list.total, list.forms.length);

    const changed = await t.request({
      method: 'PATCH', url: `/api/v1/forms/${form.id}`,
      payload: { name: 'Talk to us', published: false, redirect_url: 'https://site.example/thanks', fields: [{ name: 'email', label: 'Work email', type: 'email' }] },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const after = changed.json().form;
    assert.equal(after.name, 'Talk to us');
    assert.equal(after.published, false);
    assert.equal(after.redirect_url, 'https://site.example/thanks');
    assert.deepEqual(after.fields.map((f: { label: string }) => f.label), ['Work email'], 'fields replace the whole list');
    assert.equal(after.description, 'We answer within a day', 'what is not sent stays');

    const removed = await t.request({ method: 'DELETE', url: `/api/v1/forms/${form.id}` });
    assert.equal(removed.statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}` })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/forms/${form.id}` })).statusCode, 404);
  });

  it('only admins change forms; every signed-in user reads them; nobody else', async () => {
    const user = await t.user('user');
    const form = (await create({ name: 'Readable' })).json().form;
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/forms', payload: { name: 'Nope' }, as: user })).statusCode, 403);
    assert.equal((await t.request({ method: 'PATCH', url: `/api/v1/forms/${form.id}`, payload: { name: 'Nope' }, as: user })).statusCode, 403);
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/forms/${form.id}`, as: user })).statusCode, 403);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}`, as: user })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}/embed`, as: user })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/forms', as: null })).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}/submissions`, as: null })).statusCode, 401);
  });

  it('refuses bad definitions with 400 naming the field', async () => {
    const field = (extra: Record<string, unknown>) => ({ name: 'a', label: 'A', type: 'text', ...extra });
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ fields: [field({}), field({ label: 'Again' })] }, 'fields.1.name', /used by another field/],
      [{ fields: [field({ maps_to: 'no_such_field' })] }, 'fields.0.maps_to', /not a contact field/],
      [{ fields: [field({ maps_to: 'owner' })] }, 'fields.0.maps_to', /cannot be filled/],
      [{ fields: [field({ maps_to: 'email' }), field({ name: 'b', maps_to: 'email' })] }, 'fields.1.maps_to', /mapped by another field/],
      [{ fields: [field({ type: 'select' })] }, 'fields.0.options', /needs at least one option/],
      [{ fields: [field({ options: ['x'] })] }, 'fields.0.options', /has no options/],
      [{ fields: [field({ type: 'select', options: ['x', 'x'] })] }, 'fields.0.options', /twice/],
      [{ fields: [field({ name: 'Bad-Name' })] }, 'fields.0.name', /pattern/],
      [{ fields: [field({ name: 'return' })] }, 'fields.0.name', /reserved/],
      [{ fields: [field({ type: 'password' })] }, 'fields.0.type', /must be one of/],
      [{ fields: [field({ label: '   ' })] }, 'fields.0.label', /blank/],
      [{ fields: Array.from({ length: 101 }, (_, i) => field({ name: `f${i}` })) }, 'fields', /100/],
      [{ redirect_url: 'javascript:alert(1)' }, 'redirect_url', /http or https/],
      [{ name: '   ' }, 'name', /blank/],
    ];
    for (const [payload, name, message] of cases) {
      const res = await create({ name: 'Broken', ...payload });
      assert.equal(res.statusCode, 400, `${name}: ${res.body}`);
      assert.match(res.json().error.fields[name] ?? '', message, `${name}: ${res.body}`);
    }
    const hundred = await create({ name: 'Big', fields: Array.from({ length: 100 }, (_, i) => field({ name: `f${i}` })) });
    assert.equal(hundred.statusCode, 201, hundred.body);
    const custom = await t.request({ method: 'POST', url: '/api/v1/fields', payload: { label: 'Budget', type: 'number' } });
    assert.equal(custom.statusCode, 201, custom.body);
    assert.equal((await create({ name: 'Custom', fields: [field({ type: 'number', maps_to: 'budget' })] })).statusCode, 201);
  });

  it('the embed code is a plain HTML form posting to /form/submit with Mautic\'s field names, everything escaped', async () => {
    const form = (await create({
      ...CONTACT_FORM,
      name: 'Embed <b>me</b>',
      description: '"Quoted" & <i>tagged</i>',
      fields: [...CONTACT_FORM.fields, { name: 'news', label: 'Send me <news>', type: 'checkbox' }, { name: 'source', label: 'Source', type: 'hidden' }],
    })).json().form;
    const res = await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}/embed`, headers: { host: 'contacts.example.com' } });
    assert.equal(res.statusCode, 200, res.body);
    const html: string = res.json().html;
    assert.match(html, new RegExp(`<form [^>]*method="post" action="http://contacts\\.example\\.com/form/submit\\?formId=${form.id}"`));
    assert.match(html, new RegExp(`<input type="hidden" name="mauticform\\[formId\\]" value="${form.id}">`));
    assert.match(html, /name="mauticform\[return\]"/);
    assert.match(html, /<input id="[^"]+" type="email" name="mauticform\[email\]" maxlength="5000" required>/);
    assert.match(html, /<textarea [^>]*name="mauticform\[message\]"/);
    assert.match(html, /<select [^>]*name="mauticform\[topic\]">[\s\S]*<option value="support">Support<\/option>/);
    assert.match(html, /<input type="checkbox" name="mauticform\[news\]" value="1"> Send me &lt;news&gt;/);
    assert.match(html, /<input type="hidden" name="mauticform\[source\]"/);
    assert.match(html, /&quot;Quoted&quot; &amp; &lt;i&gt;tagged&lt;\/i&gt;/);
    assert.doesNotMatch(html, /<script|<i>|<news>/);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/forms/999999/embed' })).statusCode, 404);
  });
});
