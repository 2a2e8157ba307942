import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();

async function sessionsOf(userId: number) {
  return t.db.selectFrom('sessions').select('user_id').where('user_id', '=', userId).execute();
}

describe('admin UI: signing in and out', () => {
  it('sends a visitor to sign-in, shows the API\'s refusal, signs in, returns to the page asked for, and signs out', async () => {
    const user = await t.user();
    const { page } = await t.open({ as: null, path: '/contacts?q=ada' });

    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Username').fill(user.username);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-error').getByText('Wrong username or password').waitFor();
    assert.equal((await sessionsOf(user.id)).length, 0);
    // The username stays as typed after a refusal.
    assert.equal(await page.getByLabel('Username').inputValue(), user.username);

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(user.password);
    await page.getByRole('textbox', { name: 'Password', exact: true }).press('Enter');
    await page.waitForURL((url) => url.pathname === '/contacts' && url.searchParams.get('q') === 'ada');
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Search contacts' }).inputValue(), 'ada');
    assert.equal((await sessionsOf(user.id)).length, 1);
    const row = await t.db.selectFrom('users').select('last_login_at').where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.ok(row.last_login_at, 'the sign-in is recorded');

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    assert.equal((await sessionsOf(user.id)).length, 0, 'the session is gone on the server');
    assert.equal((await page.request.get('/api/v1/auth/session')).status(), 401);
  });

  it('serves the shell with a strict Content-Security-Policy, cached assets, and the API\'s own 404s', async () => {
    const origin = await t.origin();
    const shell = await fetch(`${origin}/contacts/123/edit`);
    assert.equal(shell.status, 200);
    assert.match(shell.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(shell.headers.get('cache-control'), 'no-cache');
    const csp = shell.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
    const html = await shell.text();
    assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, 'no inline script');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, 'the page loads its script from /assets');
    const js = await fetch(`${origin}${asset}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await fetch(`${origin}/assets/nope-123.js`)).status, 404);

    const api = await fetch(`${origin}/api/v1/nope`);
    assert.equal(api.status, 404);
    assert.equal((await api.json()).error.code, 'route_not_found');
    for (const tracking of ['/mtc', '/mtc/event', '/form/submit', '/mtracking.gif']) {
      const res = await fetch(`${origin}${tracking}`);
      assert.doesNotMatch(res.headers.get('content-type') ?? '', /text\/html/, `${tracking} is not the UI`);
    }
  });

  it('renders what a visitor typed as text: a contact named <img src=x onerror=alert(1)> fires no dialog', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const created = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: evil, lastname: '<b>bold</b>', city: '<script>alert(2)</script>' } });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().contact.id as number;
    await t.db.insertInto('events').values({
      contact_id: id, type: 'page.hit',
      data: JSON.stringify({ url: 'https://example.com/?q=<svg onload=alert(3)>', title: '<img src=y onerror=alert(4)>' }),
    } as never).execute();

    const { page, dialogs } = await t.open({ path: '/contacts' });
    const link = page.getByTestId('contact-link').filter({ hasText: evil });
    await link.waitFor();
    assert.equal(await link.textContent(), `${evil} <b>bold</b>`);
    assert.equal(await page.locator('img[src="x"]').count(), 0);

    await link.click();
    await page.getByTestId('contact-name').waitFor();
    assert.equal(await page.getByTestId('contact-name').textContent(), `${evil} <b>bold</b>`);
    await page.getByTestId('timeline-event').first().click();
    const details = page.getByTestId('event-details');
    await details.getByText('<img src=y onerror=alert(4)>', { exact: true }).waitFor();
    assert.equal(await page.locator('img[src="x"], img[src="y"], svg[onload], b:text("bold")').count(), 0);
    assert.deepEqual(dialogs, []);
  });
});
