import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp({ TRACK_PRIVATE_IPS: 'true', TRACKING_VALID_DOMAINS: 'https://site.example' });
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

interface Form { id: number; name: string }
type Res = Awaited<ReturnType<typeof t.request>>;

let form: Form;

async function createForm(payload: Record<string, unknown>): Promise<Form> {
  const res = await t.request({ method: 'POST', url: '/api/v1/forms', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().form;
}

/** What a browser sends for an HTML form: mauticform[...] keys (return too), form-encoded. */
function mauticForm(values: Record<string, string | string[]>, formId = form.id): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) for (const item of value) params.append(`mauticform[${name}][]`, item);
    else params.append(`mauticform[${name}]`, value);
  }
  params.set('mauticform[formId]', String(formId));
  return params.toString();
}

function submit(body: string, options: { url?: string; headers?: Record<string, string> } = {}): Promise<Res> {
  return t.request({
    method: 'POST', url: options.url ?? `/form/submit?formId=${form.id}`, as: null, payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER, origin: 'https://site.example', referer: 'https://site.example/contact', ...options.headers },
  });
}

const cookieOf = (res: Res, name: string) => res.cookies.find((c) => c.name === name);

async function count(table: 'contacts' | 'events' | 'devices') {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function eventsOf(contactId: number) {
  return (await t.request({ method: 'GET', url: `/api/v1/contacts/${contactId}/events?limit=100` })).json().events as { type: string; data: Record<string, any> }[];
}

async function contactByEmail(email: string) {
  return t.db.selectFrom('contacts').selectAll().where('email', '=', email).where('merged_into', 'is', null).executeTakeFirst();
}

async function pageView(url: string, headers: Record<string, string> = {}) {
  const res = await t.request({
    method: 'POST', url: '/mtc/event', as: null, payload: new URLSearchParams({ page_url: url }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER, origin: 'https://site.example', ...headers },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { id: number; device_id: string };
}

describe('form submission', () => {
  before(async () => {
    form = await createForm({
      name: 'Contact us',
      success_message: 'Thanks, we will call you <script>alert(1)</script>',
      fields: [
        { name: 'email', label: 'Email', type: 'email', required: true, maps_to: 'email' },
        { name: 'first_name', label: 'First name', type: 'text', maps_to: 'firstname' },
        { name: 'site', label: 'Website', type: 'text', maps_to: 'website' },
        { name: 'topic', label: 'Topic', type: 'select', options: ['Sales', 'Support'] },
        { name: 'seats', label: 'Seats', type: 'number' },
        { name: 'products', label: 'Products', type: 'checkbox', options: ['crm', 'tracking'] },
        { name: 'message', label: 'Message', type: 'textarea' },
      ],
    });
  });

  it('identifies the visitor: a known email folds the anonymous visitor, and its page views, into that contact', async () => {
    const known = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'known@site.example', lastname: 'Known' } })).json().contact;
    const visit = await pageView('https://site.example/pricing');
    assert.notEqual(visit.id, known.id);

    const res = await submit(
      mauticForm({ email: 'Known@site.example', first_name: 'Kim', topic: 'support', seats: '12', products: ['crm', 'tracking'], message: 'Call me', unknown: 'ignored' }),
      { headers: { cookie: `mautic_device_id=${visit.device_id}` } },
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /Thanks, we will call you &lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the thank-you page shows the success message, escaped');
    assert.doesNotMatch(res.body, /<script>/);
    assert.equal(cookieOf(res, 'mtc_id')?.value, String(known.id));
    assert.equal(cookieOf(res, 'mautic_device_id')?.value, visit.device_id);

    const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${known.id}` })).json().contact;
    assert.equal(contact.firstname, 'Kim', 'a mapped field is written, though not publicly updatable');
    assert.equal(contact.email, 'known@site.example', 'the email the contact had stays');
    const events = await eventsOf(known.id);
    assert.deepEqual(events.filter((e) => e.type === 'page.hit').map((e) => e.data.url), ['https://site.example/pricing'], 'the visitor\'s page views moved to the contact');
    const submitted = events.find((e) => e.type === 'form.submitted');
    assert.deepEqual(submitted?.data, {
      form_id: form.id,
      form_name: 'Contact us',
      values: { email: 'Known@site.example', first_name: 'Kim', topic: 'Support', seats: 12, products: ['crm', 'tracking'], message: 'Call me' },
      page_url: 'https://site.example/contact',
      referrer: null,
    });
    const device = await t.db.selectFrom('devices').select('contact_id').where('tracking_id', '=', visit.device_id).executeTakeFirstOrThrow();
    assert.equal(device.contact_id, known.id);

    const listed = (await t.request({ method: 'GET', url: `/api/v1/forms/${form.id}/submissions` })).json();
    const mine = listed.submissions.find((s: { contact_id: number }) => s.contact_id === known.id);
    assert.equal(mine.values.first_name, 'Kim');
    assert.equal(mine.page_url, 'https://site.example/contact');
    assert.equal(listed.total, listed.submissions.length);
  });

  it('a new email identifies the anonymous visitor itself; a first-time visitor gets a device and cookies', async () => {
    const visit = await pageView('https://site.example/blog');
    const res = await submit(mauticForm({ email: 'new.reader@site.example' }), { headers: { cookie: `mautic_device_id=${visit.device_id}` } });
    assert.equal(res.statusCode, 200, res.body);
    const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${visit.id}` })).json().contact;
    assert.equal(contact.email, 'new.reader@site.example');
    assert.equal(contact.anonymous, false);

    const fresh = await submit(mauticForm({ email: 'first.time@site.example' }));
    const deviceId = cookieOf(fresh, 'mautic_device_id')?.value;
    assert.match(deviceId ?? '', /^[0-9a-f]{32}$/);
    const created = await contactByEmail('first.time@site.example');
    assert.equal(cookieOf(fresh, 'mtc_id')?.value, String(created?.id));
    const device = await t.db.selectFrom('devices').select('contact_id').where('tracking_id', '=', deviceId!).executeTakeFirstOrThrow();
    assert.equal(device.contact_id, created?.id);
    const later = await pageView('https://site.example/after', { cookie: `mautic_device_id=${deviceId}` });
    assert.equal(later.id, created?.id, 'the device of the form is the one tracking uses');
  });

  it('answers JSON to ajax calls and to apps posting JSON', async () => {
    const ajax = await submit(mauticForm({ email: 'ajax@site.example', topic: 'Sales' }), { url: `/form/submit?formId=${form.id}&ajax=1` });
    assert.equal(ajax.statusCode, 200, ajax.body);
    assert.deepEqual(ajax.json(), {
      success: 1, results: { email: 'ajax@site.example', topic: 'Sales' }, successMessage: 'Thanks, we will call you <script>alert(1)</script>', redirect: null, formName: 'Contact us',
    });
    assert.equal(ajax.headers['access-control-allow-origin'], 'https://site.example');
    assert.equal(ajax.headers['access-control-allow-credentials'], 'true');

    const app = await t.request({
      method: 'POST', url: `/form/submit?formId=${form.id}&page_url=${encodeURIComponent('app://screens/signup')}`, as: null,
      payload: { email: 'app.user@site.example', first_name: 'Ana', seats: 3 }, headers: { 'user-agent': 'MyApp/1.0 (iPhone)' },
    });
    assert.equal(app.statusCode, 200, app.body);
    assert.equal(app.json().success, 1);
    assert.deepEqual(app.json().results, { email: 'app.user@site.example', first_name: 'Ana', seats: 3 });
    const contact = await contactByEmail('app.user@site.example');
    assert.equal(contact?.firstname, 'Ana');
    const submitted = (await eventsOf(contact!.id)).find((e) => e.type === 'form.submitted');
    assert.equal(submitted?.data.page_url, 'app://screens/signup');

    const preflight = await t.request({
      method: 'OPTIONS', url: '/form/submit', as: null,
      headers: { origin: 'https://site.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://site.example');
    const elsewhere = await t.request({ method: 'OPTIONS', url: '/form/submit', as: null, headers: { origin: 'https://evil.example' } });
    assert.equal(elsewhere.headers['access-control-allow-origin'], undefined);
  });

  it('refuses bad values with 400 validationErrors and writes nothing', async () => {
    const before = { contacts: await count('contacts'), events: await count('events') };
    const missing = await submit(mauticForm({ first_name: 'Nobody' }), { url: `/form/submit?formId=${form.id}&ajax=1` });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(missing.json(), { success: 0, validationErrors: { email: 'is required' } });

    const bad = await submit(mauticForm({ email: 'not-an-email', topic: 'Lunch', seats: 'many', products: ['crm', 'boats'], message: 'x'.repeat(5001) }), { headers: { accept: 'application/json' } });
    assert.equal(bad.statusCode, 400);
    const errors = bad.json().validationErrors;
    assert.deepEqual(Object.keys(errors).sort(), ['email', 'message', 'products', 'seats', 'topic']);
    assert.match(errors.email, /valid email/);
    assert.match(errors.message, /5000/);

    // A value the form accepts but the contact field refuses is an error of the form field.
    const refused = await submit(mauticForm({ email: 'ok@site.example', site: 'not a website' }), { url: `/form/submit?formId=${form.id}&ajax=1` });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(Object.keys(refused.json().validationErrors), ['site']);

    const page = await submit(mauticForm({ email: '<b>bad</b>' }));
    assert.equal(page.statusCode, 400);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /Email: must be a valid email address/);
    assert.doesNotMatch(page.body, /<b>bad/);
    assert.equal(cookieOf(page, 'mautic_device_id'), undefined);
    assert.deepEqual({ contacts: await count('contacts'), events: await count('events') }, before);
  });

  it('unknown and unpublished forms are 404; anything but POST is 403', async () => {
    const unknown = await submit(mauticForm({ email: 'a@site.example' }, 999999), { url: '/form/submit?formId=999999&ajax=1' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().success, 0);
    const fromBody = await submit(mauticForm({ email: 'a@site.example' }, 999999), { url: '/form/submit' });
    assert.equal(fromBody.statusCode, 404, 'mauticform[formId] names the form when the query does not');

    const hidden = await createForm({ name: 'Draft', published: false, fields: [{ name: 'email', label: 'Email', type: 'email' }] });
    const draft = await submit(mauticForm({ email: 'a@site.example' }, hidden.id), { url: `/form/submit?formId=${hidden.id}&ajax=1` });
    assert.equal(draft.statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `/form/submit?formId=${form.id}`, as: null })).statusCode, 403);
    assert.equal((await t.request({ method: 'PUT', url: `/form/submit?formId=${form.id}`, as: null })).statusCode, 403);
    assert.equal(await contactByEmail('a@site.example'), undefined);
  });

  it('redirects to a return address on a valid domain, else to the form\'s redirect, else thanks', async () => {
    const valid = await submit(mauticForm({ email: 'r1@site.example', return: 'https://site.example/thanks?from=form' }));
    assert.equal(valid.statusCode, 303);
    assert.equal(valid.headers.location, 'https://site.example/thanks?from=form');

    const invalid = await submit(mauticForm({ email: 'r2@site.example', return: 'https://evil.example/phish' }));
    assert.equal(invalid.statusCode, 200, 'an address elsewhere is not followed');
    assert.doesNotMatch(String(invalid.headers.location ?? ''), /evil/);
    assert.match(invalid.body, /Thanks, we will call you/);

    const redirecting = await createForm({ name: 'Redirecting', redirect_url: 'https://site.example/welcome', fields: [{ name: 'email', label: 'Email', type: 'email', maps_to: 'email' }] });
    for (const back of ['https://evil.example/', 'javascript:alert(1)']) {
      const res = await submit(mauticForm({ email: 'r3@site.example', return: back }, redirecting.id), { url: `/form/submit?formId=${redirecting.id}` });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, 'https://site.example/welcome');
    }
    const ajax = await submit(mauticForm({ email: 'r4@site.example' }, redirecting.id), { url: `/form/submit?formId=${redirecting.id}&ajax=1` });
    assert.equal(ajax.json().redirect, 'https://site.example/welcome');
  });

  it('stores the submission of a visitor who may not be tracked, without using or setting a tracking cookie', async () => {
    const visit = await pageView('https://site.example/before-consent');
    const res = await submit(mauticForm({ email: 'private@site.example', first_name: 'Pat' }), {
      headers: { cookie: `CMSCookieLevel=0; mautic_device_id=${visit.device_id}` },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(cookieOf(res, 'mautic_device_id'), undefined);
    assert.equal(cookieOf(res, 'mtc_id'), undefined);
    const contact = await contactByEmail('private@site.example');
    assert.equal(contact?.firstname, 'Pat');
    assert.notEqual(contact?.id, visit.id, 'the device is not used below the tracking level');
    const submitted = (await eventsOf(contact!.id)).filter((e) => e.type === 'form.submitted');
    assert.equal(submitted.length, 1);
    assert.equal(submitted[0].data.values.email, 'private@site.example');
    const device = await t.db.selectFrom('devices').select('contact_id').where('tracking_id', '=', visit.device_id).executeTakeFirstOrThrow();
    assert.equal(device.contact_id, visit.id);

    const dnt = await submit(mauticForm({ email: 'dnt@site.example' }), { headers: { dnt: '1' } });
    assert.equal(dnt.statusCode, 200);
    assert.equal(cookieOf(dnt, 'mautic_device_id'), undefined);
    assert.ok(await contactByEmail('dnt@site.example'));
  });

  it('refuses oversized, key-stuffed and multipart bodies; __proto__ keys are plain keys', async () => {
    const big = await submit(mauticForm({ email: 'big@site.example', message: 'x'.repeat(70 * 1024) }));
    assert.equal(big.statusCode, 413);
    const many = await submit(Array.from({ length: 600 }, (_, i) => `mauticform[k${i}]=v`).join('&'));
    assert.equal(many.statusCode, 400);
    const multipart = await submit('--x\r\nContent-Disposition: form-data; name="mauticform[email]"\r\n\r\nm@site.example\r\n--x--\r\n', { headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    assert.equal(multipart.statusCode, 415);
    const proto = await submit(`${mauticForm({ email: 'proto@site.example' })}&mauticform[__proto__]=x&mauticform[constructor]=y`, { url: `/form/submit?formId=${form.id}&ajax=1` });
    assert.equal(proto.statusCode, 200, proto.body);
    assert.deepEqual(proto.json().results, { email: 'proto@site.example' });
  });
});
