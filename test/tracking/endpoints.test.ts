import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp({ TRACK_PRIVATE_IPS: 'true', TRACKING_VALID_DOMAINS: 'https://site.example,https://*.shop.example' });
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

function form(fields: Record<string, string>) {
  return new URLSearchParams(fields).toString();
}

async function event(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return t.request({
    method: 'POST', url: '/mtc/event', as: null, payload: form(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER, ...headers },
  });
}

const cookieOf = (res: { cookies: { name: string; value: string; sameSite?: string; maxAge?: number }[] }, name: string) => res.cookies.find((c) => c.name === name);

async function count(table: 'contacts' | 'events' | 'devices') {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function pageHits() {
  const row = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('type', '=', 'page.hit').executeTakeFirstOrThrow();
  return Number(row.n);
}

async function eventsOf(contactId: number) {
  return (await t.request({ method: 'GET', url: `/api/v1/contacts/${contactId}/events?limit=100` })).json().events as { type: string; data: Record<string, any> }[];
}

describe('tracking endpoints', () => {
  it('a first page view creates an anonymous contact and device and sets the cookies; the next one finds them', async () => {
    const first = await event({ page_url: 'https://site.example/pricing', page_title: 'Pricing', page_referrer: 'https://www.google.com/', page_language: 'en-GB', resolution: '1920x1080' });
    assert.equal(first.statusCode, 200, first.body);
    const answer = first.json();
    assert.equal(answer.success, 1);
    assert.equal(answer.tracked, true);
    assert.match(answer.device_id, /^[0-9a-f]{32}$/);
    const device = cookieOf(first, 'mautic_device_id');
    assert.equal(device?.value, answer.device_id);
    assert.equal(device?.maxAge, 365 * 24 * 3600);
    assert.equal(cookieOf(first, 'mtc_id')?.value, String(answer.id));

    const second = await event({ page_url: 'https://site.example/features', page_title: 'Features' }, { cookie: `mautic_device_id=${answer.device_id}` });
    assert.equal(second.json().id, answer.id);

    const events = (await eventsOf(answer.id)).filter((e) => e.type === 'page.hit');
    assert.deepEqual(events.map((e) => e.data.url), ['https://site.example/features', 'https://site.example/pricing']);
    const pricing = events[1].data;
    assert.equal(pricing.title, 'Pricing');
    assert.equal(pricing.referrer, 'https://www.google.com/');
    assert.equal(pricing.language, 'en-GB');
    assert.equal(pricing.device.type, 'desktop');
    const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${answer.id}` })).json().contact;
    assert.equal(contact.anonymous, true);
    const all = await eventsOf(answer.id);
    assert.deepEqual(all.filter((e) => e.type === 'contact.created').map((e) => e.data), [{ source: 'tracking' }]);
    const ips = (await t.request({ method: 'GET', url: `/api/v1/contacts/${answer.id}/ips` })).json().ips;
    assert.equal(ips[0].ip, '127.0.0.1');
    assert.ok(contact.last_active_at && contact.first_seen_at);
    const devices = (await t.request({ method: 'GET', url: `/api/v1/contacts/${answer.id}/devices` })).json().devices;
    assert.equal(devices[0].device_id, answer.device_id);
    assert.match(devices[0].browser, /Chrome/);

    const known = await t.request({ method: 'GET', url: '/mtc', as: null, cookies: { mautic_device_id: answer.device_id } });
    assert.equal(known.json().id, answer.id);
  });

  it('the device id from local storage (mautic_device_id parameter) is honoured without a cookie', async () => {
    const first = (await event({ page_url: 'https://site.example/a' })).json();
    const again = (await event({ page_url: 'https://site.example/b', mautic_device_id: first.device_id })).json();
    assert.equal(again.id, first.id);
  });

  it('the pixel answers a 43-byte GIF and records the hit from the query, the page URL and d', async () => {
    const res = await t.request({ method: 'GET', url: `/mtracking.gif?page_url=${encodeURIComponent('https://site.example/p?utm_source=news&utm_medium=email&utm_campaign=spring')}&page_title=Pixel`, as: null, headers: { 'user-agent': BROWSER } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/gif');
    assert.equal(res.rawPayload.length, 43);
    const contactId = Number(cookieOf(res, 'mtc_id')?.value);
    const events = await eventsOf(contactId);
    const hit = events.find((e) => e.type === 'page.hit')!;
    assert.deepEqual(hit.data.utm, { source: 'news', medium: 'email', campaign: 'spring' });
    assert.equal(events.find((e) => e.type === 'utm.recorded')?.data.campaign, 'spring');

    const json = Buffer.from(JSON.stringify({ page_url: 'https://site.example/from-json', page_title: 'From JSON' })).toString('base64');
    const fromJson = await t.request({ method: 'GET', url: `/mtracking.gif?d=${encodeURIComponent(json)}`, as: null, headers: { 'user-agent': BROWSER } });
    const jsonHit = (await eventsOf(Number(cookieOf(fromJson, 'mtc_id')?.value))).find((e) => e.type === 'page.hit')!;
    assert.equal(jsonHit.data.url, 'https://site.example/from-json');

    // What Mautic's WordPress plugin sends: base64 of a PHP-serialised array.
    const php = 'a:3:{s:8:"page_url";s:28:"https://site.example/from-wp";s:10:"page_title";s:8:"Café WP";s:8:"language";s:5:"fr-FR";}';
    const fromPhp = await t.request({ method: 'GET', url: `/mtracking.gif?d=${encodeURIComponent(Buffer.from(php).toString('base64'))}`, as: null, headers: { 'user-agent': BROWSER } });
    const phpHit = (await eventsOf(Number(cookieOf(fromPhp, 'mtc_id')?.value))).find((e) => e.type === 'page.hit')!;
    assert.equal(phpHit.data.url, 'https://site.example/from-wp');
    assert.equal(phpHit.data.title, 'Café WP');
  });

  it('the pixel still answers its GIF for garbage, and stores nothing for it', async () => {
    const before = await count('events');
    for (const query of ['d=%%%', 'd=bm90IGpzb24=', `d=${Buffer.from('O:8:"stdClass":0:{}').toString('base64')}`]) {
      const res = await t.request({ method: 'GET', url: `/mtracking.gif?${query}`, as: null, headers: { 'user-agent': BROWSER } });
      assert.equal(res.statusCode, 200, query);
      assert.equal(res.headers['content-type'], 'image/gif');
    }
    assert.equal(await count('events'), before);
  });

  it('the event endpoint answers 4xx JSON for bad input', async () => {
    const broken = await event({ d: 'bm90IGpzb24=' });
    assert.equal(broken.statusCode, 400);
    assert.ok(broken.json().error.fields.d);
    const big = await t.request({ method: 'POST', url: '/mtc/event', as: null, payload: `page_url=${'x'.repeat(70 * 1024)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(big.statusCode, 413);
    const many = await event(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'])));
    assert.equal(many.statusCode, 400);
  });

  it('half a UTF-16 pair in a JSON body is stored as a replacement character, and spoils no one else\'s hit', async () => {
    const send = (title: string) => t.request({
      method: 'POST', url: '/mtc/event', as: null, payload: JSON.stringify({ page_url: 'https://site.example/odd', page_title: title }),
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
    });
    const [odd, plain] = await Promise.all([send('broken \ud800 title'), send('plain title')]);
    assert.equal(odd.statusCode, 200, odd.body);
    assert.equal(plain.statusCode, 200, plain.body);
    const [hit] = (await eventsOf(odd.json().id)).filter((e) => e.type === 'page.hit');
    assert.equal(hit.data.title, 'broken \uFFFD title');
  });

  it('only publicly updatable fields are written; an email identifies the visitor once an admin allows it', async () => {
    const known = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { email: 'reader@site.example', lastname: 'Reader' } })).json().contact;
    const visitor = (await event({ page_url: 'https://site.example/blog', email: 'reader@site.example', firstname: 'Rita' })).json();
    assert.notEqual(visitor.id, known.id, 'email is not publicly updatable by default');
    const untouched = (await t.request({ method: 'GET', url: `/api/v1/contacts/${visitor.id}` })).json().contact;
    assert.equal(untouched.email, null);
    assert.equal(untouched.firstname, null);

    for (const alias of ['email', 'firstname']) await t.request({ method: 'PATCH', url: `/api/v1/fields/${alias}`, payload: { publicly_updatable: true } });
    const identified = (await event({ page_url: 'https://site.example/blog/2', email: 'READER@site.example', firstname: 'Rita' }, { cookie: `mautic_device_id=${visitor.device_id}` })).json();
    assert.equal(identified.id, known.id, 'the anonymous visitor is folded into the contact owning the email');
    const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${known.id}` })).json().contact;
    assert.equal(contact.firstname, 'Rita');
    const urls = (await eventsOf(known.id)).filter((e) => e.type === 'page.hit').map((e) => e.data.url).sort();
    assert.deepEqual(urls, ['https://site.example/blog', 'https://site.example/blog/2']);

    const invalid = await event({ email: 'nope' });
    assert.equal(invalid.statusCode, 400);
    assert.ok(invalid.json().error.fields.email);
    for (const alias of ['email', 'firstname']) await t.request({ method: 'PATCH', url: `/api/v1/fields/${alias}`, payload: { publicly_updatable: false } });
  });

  it('tags are added and removed from tracking', async () => {
    const hit = (await event({ page_url: 'https://site.example/t', tags: 'webinar, Pricing Page' })).json();
    await event({ page_url: 'https://site.example/t2', tags: '-webinar,customer' }, { cookie: `mautic_device_id=${hit.device_id}` });
    const tags = (await t.request({ method: 'GET', url: `/api/v1/contacts/${hit.id}/tags` })).json().tags.map((tag: { name: string }) => tag.name);
    assert.deepEqual(tags, ['customer', 'Pricing Page']);
  });

  it('CORS: only valid domains get credentials-enabled answers', async () => {
    const valid = await event({ page_url: 'https://site.example/' }, { origin: 'https://site.example' });
    assert.equal(valid.headers['access-control-allow-origin'], 'https://site.example');
    assert.equal(valid.headers['access-control-allow-credentials'], 'true');
    const wildcard = await event({ page_url: 'https://eu.shop.example/' }, { origin: 'https://eu.shop.example' });
    assert.equal(wildcard.headers['access-control-allow-origin'], 'https://eu.shop.example');
    const other = await event({ page_url: 'https://evil.example/' }, { origin: 'https://evil.example' });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    assert.equal(other.json().reason, 'origin_not_allowed');
    const pixel = await t.request({ method: 'GET', url: '/mtracking.gif?page_url=https%3A%2F%2Fevil.example%2F', as: null, headers: { referer: 'https://evil.example/page', 'user-agent': BROWSER } });
    assert.equal(pixel.headers['content-type'], 'image/gif');
    assert.equal(cookieOf(pixel, 'mautic_device_id'), undefined, 'a page on another site cannot track through the pixel');
    const preflight = await t.request({ method: 'OPTIONS', url: '/mtc/event', as: null, headers: { origin: 'https://site.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-requested-with,content-type' } });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://site.example');
    assert.match(String(preflight.headers['access-control-allow-headers']), /X-Requested-With/);
  });

  it('stores nothing and sets no cookie for visitors who may not be tracked', async () => {
    const before = { contacts: await count('contacts'), events: await count('events') };
    const cases: [Record<string, string>, string][] = [
      [{ dnt: '1' }, 'do_not_track'],
      [{ 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }, 'bot'],
      [{ cookie: 'CMSCookieLevel=0' }, 'cookie_level'],
      [{ cookie: 'CMSCookieLevel=essential' }, 'cookie_level'],
    ];
    for (const [headers, reason] of cases) {
      const res = await event({ page_url: 'https://site.example/private' }, headers);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().tracked, false);
      assert.equal(res.json().reason, reason);
      assert.equal(res.json().id, null);
      assert.equal(cookieOf(res, 'mautic_device_id'), undefined);
    }
    const session = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, payload: { username: t.admin.username, password: t.admin.password } });
    const signedIn = await event({ page_url: 'https://site.example/admin-browsing' }, { cookie: `cb_session=${cookieOf(session, 'cb_session')!.value}` });
    assert.equal(signedIn.json().reason, 'signed_in_user');
    await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { do_not_track_ips: ['127.0.0.0/8'] } });
    assert.equal((await event({ page_url: 'https://site.example/office' })).json().reason, 'excluded_ip');
    await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { do_not_track_ips: [] } });
    assert.deepEqual({ contacts: await count('contacts'), events: await count('events') }, before);
  });

  it('consent: lowering the cookie level records it, removes the tracking cookies and stops tracking', async () => {
    const hit = (await event({ page_url: 'https://site.example/c' })).json();
    const res = await t.request({ method: 'POST', url: '/mtc/consent', as: null, payload: { level: 'essential' }, cookies: { mautic_device_id: hit.device_id } });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { level: 0, tracked: false });
    assert.equal(cookieOf(res, 'CMSCookieLevel')?.value, '0');
    assert.equal(cookieOf(res, 'mautic_device_id')?.value, '');
    const consent = (await eventsOf(hit.id)).find((e) => e.type === 'consent.changed');
    assert.deepEqual(consent?.data, { cookie_level_from: 1000, cookie_level_to: 0 });
    const bad = await t.request({ method: 'POST', url: '/mtc/consent', as: null, payload: { level: 'lots' } });
    assert.equal(bad.statusCode, 400);
  });

  it('serves the tracking script', async () => {
    const res = await t.request({ method: 'GET', url: '/mtc.js', as: null });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /javascript/);
    assert.match(res.body, /MauticTrackingObject/);
  });

  it('concurrent hits are written together and none is lost', async () => {
    const before = await pageHits();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => event({ page_url: `https://site.example/burst/${i}` })));
    assert.ok(answers.every((a) => a.statusCode === 200 && a.json().tracked));
    assert.equal(new Set(answers.map((a) => a.json().id)).size, 200);
    assert.equal(await pageHits(), before + 200);
  });

  it('a 60 KB pixel URL is served; a larger one gets a clean 431', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const get = (path: string) => new Promise<number>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', path, headers: { 'user-agent': BROWSER } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(await get(`/mtracking.gif?page_url=https://site.example/${'a'.repeat(60 * 1024)}`), 200);
    assert.equal(await get(`/mtracking.gif?page_url=https://site.example/${'a'.repeat(200 * 1024)}`), 431);
  });
});

describe('defaults', () => {
  const plain = useTestApp();
  it('visitors from private and loopback addresses are not tracked unless configured', async () => {
    const res = await plain.request({ method: 'POST', url: '/mtc/event', as: null, payload: 'page_url=https%3A%2F%2Fsite.example%2F', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER } });
    assert.equal(res.json().reason, 'private_ip');
  });
});
