import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Contactbase, ContactbaseError } from '../../packages/sdk-node/src/index.js';
import { createExampleApp } from '../../packages/sdk-node/example/app.js';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

/** A browser: keeps its cookies between requests to the example site. */
class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = pair.split('=');
      this.cookies.set(name, value);
    }
    return res;
  }

  post(path: string, fields: Record<string, string>) {
    return this.request(path, { method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }
}

describe('Node SDK with the example shop', () => {
  let shop: http.Server;
  let shopUrl: string;
  let contactbase: Contactbase;

  before(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    contactbase = new Contactbase({ url: `http://127.0.0.1:${port}`, token: t.admin.token });
    shop = http.createServer(createExampleApp(contactbase));
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => shop.close(() => resolve())));

  const hits = async (contactId: number) => ((await t.request({ method: 'GET', url: `/api/v1/contacts/${contactId}/events?type=page.hit` })).json().events as { data: { url: string } }[])
    .map((e) => new URL(e.data.url).pathname).sort();

  it('a visitor\'s anonymous page views follow them into the account they register, and in from another browser', async () => {
    const laptop = new Browser(shopUrl);
    const home = await laptop.request('/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /\(anonymous\)/);
    const deviceId = laptop.cookie('mautic_device_id');
    assert.match(deviceId ?? '', /^[0-9a-f]{32}$/, 'the device cookie is set on the first visit');
    await laptop.request('/pricing');

    const registered = await laptop.post('/register', { username: 'zoe', email: 'zoe@shop.test' });
    assert.equal(registered.status, 303);
    const after = await laptop.request('/');
    const id = Number(/contact #(\d+)/.exec(await after.text())![1]);
    const contact = (await t.request({ method: 'GET', url: `/api/v1/contacts/${id}` })).json().contact;
    assert.equal(contact.email, 'zoe@shop.test');
    assert.deepEqual(await hits(id), ['/', '/', '/pricing']);
    const memberships = (await t.request({ method: 'GET', url: `/api/v1/contacts/${id}/memberships` })).json().memberships;
    assert.deepEqual(memberships.map((m: { external_id: string }) => m.external_id), ['zoe']);

    const phone = new Browser(shopUrl);
    await phone.request('/pricing');
    assert.notEqual(phone.cookie('mautic_device_id'), deviceId);
    assert.equal((await phone.post('/sign-in', { username: 'zoe' })).status, 303);
    const onPhone = await phone.request('/');
    assert.match(await onPhone.text(), new RegExp(`contact #${id} \\(zoe@shop.test\\)`));
    assert.deepEqual(await hits(id), ['/', '/', '/', '/pricing', '/pricing']);
    const devices = (await t.request({ method: 'GET', url: `/api/v1/contacts/${id}/devices` })).json().devices;
    assert.equal(devices.length, 2);
  });

  it('reports Contactbase errors as ContactbaseError', async () => {
    const bad = new Contactbase({ url: contactbase['base' as never], token: 'cb_wrong' });
    const req = { headers: {} };
    const res = { getHeader: () => undefined, setHeader: () => res } as never;
    await assert.rejects(bad.getCurrentContact(req, res), (error: unknown) => error instanceof ContactbaseError && error.status === 401);
    await assert.rejects(contactbase.identify(req, res, { email: 'not-an-email' }), (error: unknown) =>
      error instanceof ContactbaseError && error.status === 400 && Boolean(error.fields?.email));
  });
});
