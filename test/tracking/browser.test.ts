import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp({ TRACK_PRIVATE_IPS: 'true' });
// Headless Chromium says so in its user agent, and bots are not tracked: browse as a person would.
const PERSON = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

/** A customer's site on its own origin, embedding the snippet that points at Contactbase. */
function site(trackerOrigin: string) {
  const snippet = (call: string) => `<script>
  (function (w, d, t, u, n, a, m) {
    w['MauticTrackingObject'] = n;
    w[n] = w[n] || function () { (w[n].q = w[n].q || []).push(arguments); };
    a = d.createElement(t); m = d.getElementsByTagName(t)[0];
    a.async = 1; a.src = u; m.parentNode.insertBefore(a, m);
  })(window, document, 'script', '${trackerOrigin}/mtc.js', 'mt');
  ${call}
</script>`;
  const pages: Record<string, string> = {
    '/': snippet("mt('send', 'pageview', {}, { onload: function (a) { window.tracked = a; } });"),
    '/pricing': snippet("mt('send', 'pageview', {}, { onload: function (a) { window.tracked = a; } });"),
    '/signup': snippet("mt('send', 'pageview', { email: 'browser@site.test', firstname: 'Bea' }, { onload: function (a) { window.tracked = a; } });"),
    '/no-thanks': snippet("mt('consent', 'essential', { onload: function (a) { window.consented = a; mt('send', 'pageview', {}, { onload: function (b) { window.tracked = b; } }); } });"),
  };
  return http.createServer((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Page ${req.url}</title></head><body><h1>${req.url}</h1>${body}</body></html>`);
  });
}

async function listen(server: http.Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('tracking from a real browser on another origin', () => {
  let browser: Browser;
  let tracker: string;
  let allowed: http.Server;
  let blocked: http.Server;
  let allowedOrigin: string;
  let blockedOrigin: string;

  before(async () => {
    tracker = await t.app.listen({ port: 0, host: '127.0.0.1' });
    allowed = site(tracker);
    blocked = site(tracker);
    allowedOrigin = await listen(allowed);
    blockedOrigin = await listen(blocked);
    const set = await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { tracking_valid_domains: [allowedOrigin] } });
    assert.equal(set.statusCode, 200, set.body);
    for (const alias of ['email', 'firstname']) await t.request({ method: 'PATCH', url: `/api/v1/fields/${alias}`, payload: { publicly_updatable: true } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    allowed?.close();
    blocked?.close();
  });

  type Answer = { id: number | null; device_id: string | null; tracked: boolean };
  const answer = async (page: import('playwright-core').Page) =>
    (await (await page.waitForFunction(() => (window as unknown as { tracked?: unknown }).tracked)).jsonValue()) as Answer;

  const hits = async () => Number((await t.db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n')).where('type', '=', 'page.hit').executeTakeFirstOrThrow()).n);

  it('creates the contact and device, keeps them across page views, and identifies by email', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ userAgent: PERSON });
    const page = await context.newPage();
    await page.goto(`${allowedOrigin}/`);
    const first = await answer(page);
    assert.ok(first.id && first.id > 0);
    const stored = await page.evaluate(() => ({ device: localStorage.getItem('mautic_device_id'), id: localStorage.getItem('mtc_id'), cookie: document.cookie }));
    assert.equal(stored.device, first.device_id);
    assert.equal(stored.id, String(first.id));
    assert.match(stored.cookie, new RegExp(`mautic_device_id=${first.device_id}`));

    await page.goto(`${allowedOrigin}/pricing`);
    const second = await answer(page);
    assert.equal(second.id, first.id, 'a second page view lands on the same contact');
    const urls = (await t.request({ method: 'GET', url: `/api/v1/contacts/${first.id}/events?type=page.hit` })).json().events.map((e: { data: { url: string; title: string } }) => e.data.url);
    assert.deepEqual(urls, [`${allowedOrigin}/pricing`, `${allowedOrigin}/`]);

    await page.goto(`${allowedOrigin}/signup`);
    const third = await answer(page);
    assert.equal(third.id, first.id);
    const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${first.id}` })).json().contact;
    assert.equal(contact.email, 'browser@site.test');
    assert.equal(contact.firstname, 'Bea');
    assert.equal(contact.anonymous, false);
    await context.close();
  });

  it('a page on an origin not on the valid domains list leaves nothing stored', { timeout: 60_000 }, async () => {
    const before = await hits();
    const context = await browser.newContext({ userAgent: PERSON });
    const page = await context.newPage();
    await page.goto(`${blockedOrigin}/`);
    // The XHR is refused by CORS, so the script falls back to the pixel; the server ignores that too.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/mtracking.gif')));
    await page.waitForTimeout(300);
    assert.equal(await hits(), before);
    assert.equal(await page.evaluate(() => localStorage.getItem('mautic_device_id')), null);
    await context.close();
  });

  it('a visitor who lowers the cookie level below visitor leaves nothing stored', { timeout: 60_000 }, async () => {
    const before = await hits();
    const context = await browser.newContext({ userAgent: PERSON });
    const page = await context.newPage();
    await page.goto(`${allowedOrigin}/no-thanks`);
    const tracked = await answer(page);
    assert.equal(tracked.tracked, false);
    assert.equal(tracked.id, null);
    assert.equal(await hits(), before);
    assert.equal(await page.evaluate(() => localStorage.getItem('mautic_device_id')), null);
    await context.close();
  });
});
