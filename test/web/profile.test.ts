import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();

describe('admin UI: contact profile', () => {
  it('shows the page hits a visitor made on the timeline, with their details, and filters by type', async () => {
    const identified = await t.request({
      method: 'POST', url: '/api/v1/visitors/identify',
      payload: { fields: { email: 'lin@example.com', firstname: 'Lin', lastname: 'Zhou', city: 'Lyon', country: 'FR', position: 'Buyer', company: 'Soierie' } },
    });
    assert.equal(identified.statusCode, 200, identified.body);
    const { contact, device_id: deviceId } = identified.json();
    for (const [path, title, minutesAgo] of [['/pricing', 'Pricing plans', 30], ['/docs/start', 'Getting started', 20]] as const) {
      const hit = await t.request({
        method: 'POST', url: '/api/v1/visitors/events',
        payload: {
          device_id: deviceId, type: 'page.hit',
          occurred_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
          data: { url: `https://shop.example${path}?utm_source=newsletter`, title, referrer: 'https://www.google.com/' },
        },
      });
      assert.equal(hit.statusCode, 201, hit.body);
    }
    const stored = await t.db.selectFrom('events').select(['type']).where('contact_id', '=', contact.id).execute();
    const hits = stored.filter((e) => e.type === 'page.hit').length;
    assert.equal(hits, 2);

    const { page } = await t.open({ path: `/contacts/${contact.id}` });
    const header = page.getByTestId('profile-header');
    await header.getByText('Lin Zhou').waitFor();
    await header.getByText('Buyer at Soierie').waitFor();
    await header.getByText('Lyon, France').waitFor();
    assert.equal(await page.getByTestId('identity-badge').textContent(), 'Identified');

    const events = page.getByTestId('timeline-event');
    await events.first().waitFor();
    assert.equal(await events.count(), stored.length, 'every event of the contact is listed');
    // Newest first.
    const texts = await events.allTextContents();
    const at = (text: string) => texts.findIndex((t) => t.includes(text));
    assert.ok(at('Visited Getting started') >= 0 && at('Visited Getting started') < at('Visited Pricing plans'), texts.join(' | '));
    const pricing = events.filter({ hasText: 'Visited Pricing plans' });
    await pricing.getByRole('button').click();
    const details = pricing.getByTestId('event-details');
    await details.getByText('https://shop.example/pricing?utm_source=newsletter', { exact: true }).waitFor();
    await details.getByText('https://www.google.com/', { exact: true }).waitFor();
    await details.getByText('Pricing plans', { exact: true }).waitFor();

    await page.getByTestId('event-filter').click();
    await page.getByRole('option', { name: 'Page visits' }).click();
    await page.keyboard.press('Escape');
    await page.waitForFunction((n) => {
      const rows = [...document.querySelectorAll('[data-testid=timeline-event]')];
      return rows.length === n && rows.every((row) => row.getAttribute('data-type') === 'page.hit');
    }, hits);
  });

  it('merges two contacts after a preview, then undoes the merge and lists what stayed', async () => {
    const older = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Sam', lastname: 'Older', email: 'sam@old.example', city: 'Oslo' } })).json().contact;
    const newer = (await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Samuel', lastname: 'Newer', email: 'samuel@new.example', company: 'Fjord AS', points: 5 } })).json().contact;
    await t.db.updateTable('contacts').set({ created_at: new Date(Date.now() - 86_400_000) } as never).where('id', '=', older.id).execute();

    const { page } = await t.open({ path: `/contacts/${newer.id}?tab=merge` });
    await page.getByTestId('merge-search').fill('Older');
    await page.getByTestId('merge-candidate').filter({ hasText: 'Sam Older' }).click();
    const preview = page.getByTestId('merge-preview');
    await preview.getByText(/Sam Older \(#\d+\) stays, because it is the older/).waitFor();
    // Oslo and Fjord AS both win: each fills the other's blank.
    assert.ok(await preview.locator('.cb-merge-winner', { hasText: 'Oslo' }).count());
    assert.ok(await preview.locator('.cb-merge-winner', { hasText: 'Fjord AS' }).count());
    await page.getByTestId('confirm-merge').click();

    await page.waitForURL(new RegExp(`/contacts/${older.id}\\?tab=merge$`));
    await page.getByTestId('profile-header').getByText('Sam Older').waitFor();
    const merged = await t.db.selectFrom('contacts').select(['id', 'merged_into', 'company', 'points']).where('id', 'in', [older.id, newer.id]).orderBy('id').execute();
    assert.deepEqual(merged.map((c) => c.merged_into), [null, older.id]);
    assert.equal(merged[0].company, 'Fjord AS');

    // Changed after the merge: the undo leaves it and says so.
    await t.request({ method: 'PATCH', url: `/api/v1/contacts/${older.id}`, payload: { company: 'Fjord Holding' } });
    await page.reload();
    await page.getByTestId('undo-merge').click();
    const result = page.getByTestId('unmerge-result');
    await result.getByRole('link', { name: 'Samuel Newer' }).waitFor();
    await result.getByTestId('not-restored').getByText(/company/).waitFor();

    const after = await t.db.selectFrom('contacts').select(['id', 'merged_into', 'company']).where('id', 'in', [older.id, newer.id]).orderBy('id').execute();
    assert.deepEqual(after.map((c) => c.merged_into), [null, null]);
    assert.equal(after[0].company, 'Fjord Holding');
    // The merge list reloads after the undo: then there is nothing left to undo.
    await page.getByTestId('undo-merge').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('undo-merge').count(), 0, 'nothing left to undo');
  });
});
