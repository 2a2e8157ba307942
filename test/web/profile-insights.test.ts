import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();
const DAY = 86_400_000;

describe('admin UI: profile engagement chart and IP map', () => {
  it('charts engagements and points per week over six months', async () => {
    const contact = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Chart', lastname: 'Person', email: 'chart@example.com' } })).json().contact;
    const now = Date.now();
    const events = [
      ...Array.from({ length: 5 }, () => ({ type: 'page.hit', at: now - DAY })),
      ...Array.from({ length: 3 }, () => ({ type: 'email.read', at: now - 30 * DAY })),
      { type: 'points.changed', at: now - 30 * DAY, data: { delta: 25 } },
    ];
    await t.db.insertInto('events').values(events.map((e) => ({ contact_id: contact.id, type: e.type, occurred_at: new Date(e.at), data: JSON.stringify('data' in e ? e.data : {}) }))).execute();

    const { page } = await t.open({ path: `/contacts/${contact.id}` });
    const panel = page.getByTestId('engagement');
    await panel.getByTestId('engagement-summary').getByText('8 engagements and 25 points in the last 26 weeks', { exact: false }).waitFor();
    // recharts drew a bar for each of the two busy weeks and a line for the points.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=engagement] .recharts-bar-rectangle path, [data-testid=engagement] .recharts-rectangle').length >= 2);
    assert.ok(await panel.locator('.recharts-line-curve').count(), 'the points line is drawn');
    const label = await panel.getByRole('img').first().getAttribute('aria-label');
    assert.match(label ?? '', /5 engagements, 0 points/);
    assert.match(label ?? '', /3 engagements, 25 points/);
  });

  it('shows the IP addresses on a world map drawn offline, with a table of their places', async () => {
    const contact = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Map', lastname: 'Person' } })).json().contact;
    const seen = (days: number) => new Date(Date.now() - days * DAY);
    await t.db.insertInto('contact_ips').values([
      { contact_id: contact.id, ip: '203.0.113.9', city: 'Lyon', state: 'Auvergne-Rhône-Alpes', country: 'France', latitude: 45.76, longitude: 4.84, first_seen_at: seen(40), last_seen_at: seen(2) },
      { contact_id: contact.id, ip: '198.51.100.7', city: 'Osaka', state: null, country: 'Japan', latitude: 34.69, longitude: 135.5, first_seen_at: seen(10), last_seen_at: seen(1) },
      { contact_id: contact.id, ip: '192.0.2.44', city: null, state: null, country: null, latitude: null, longitude: null, first_seen_at: seen(5), last_seen_at: seen(5) },
    ] as never).execute();

    const { page, context } = await t.open({ path: `/contacts/${contact.id}` });
    const origin = await t.origin();
    const elsewhere: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) elsewhere.push(request.url());
    });
    await page.getByRole('tab', { name: 'Devices & IPs' }).click();
    const map = page.getByTestId('ip-map');
    await map.waitFor();
    assert.ok(await map.locator('path.cb-map-country').count() > 150, 'the countries are drawn');
    const markers = map.getByTestId('ip-marker');
    assert.equal(await markers.count(), 2, 'one marker per located address');
    const labels = await markers.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
    assert.ok(labels.some((l) => l?.startsWith('203.0.113.9: Lyon, Auvergne-Rhône-Alpes, France')), labels.join(' | '));
    // Osaka is east of Lyon on the map.
    const x = await markers.evaluateAll((nodes) => nodes.map((n) => Number(/translate\(([\d.]+)/.exec(n.getAttribute('transform') ?? '')?.[1])));
    const [lyonX, osakaX] = [x[labels.findIndex((l) => l?.includes('Lyon'))], x[labels.findIndex((l) => l?.includes('Osaka'))]];
    assert.ok(osakaX > lyonX, `Osaka ${osakaX} east of Lyon ${lyonX}`);
    assert.ok(await map.locator('path.cb-map-visited[data-country="France"]').count(), 'a visited country is shaded');
    // The markers are reachable from the keyboard.
    assert.equal(await markers.first().getAttribute('tabindex'), '0');

    const table = page.getByTestId('ips-table');
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), 3);
    await rows.filter({ hasText: '203.0.113.9' }).getByText('Lyon', { exact: true }).waitFor();
    await rows.filter({ hasText: '198.51.100.7' }).getByText('Japan', { exact: true }).waitFor();
    assert.deepEqual(elsewhere, [], 'nothing was fetched from another server');
  });
});
