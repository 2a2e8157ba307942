import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();

async function createMany(contacts: Record<string, unknown>[]) {
  const res = await t.request({ method: 'POST', url: '/api/v1/contacts/batch', payload: { contacts } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().results.map((r: { contact: { id: number } }) => r.contact.id) as number[];
}

const tagsOf = async (id: number) =>
  (await t.db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id').select('tags.name').where('contact_id', '=', id).execute())
    .map((r) => r.name).sort();

describe('admin UI: contacts search and batch actions', () => {
  it('lists the search commands, adds one to the box on click, and keeps the search in the address', async () => {
    const { page } = await t.open({ path: '/contacts' });
    await page.getByRole('button', { name: 'Search help' }).click();
    const help = page.getByTestId('search-help');
    for (const command of ['email:', 'name:', 'company:', 'owner:', 'tag:', 'ip:', 'status:', 'is:anonymous', 'is:unowned', 'is:mine', 'ids:', 'points:>10', '!tag:', ' OR ', '(city:']) {
      await help.getByText(command, { exact: false }).first().waitFor({ timeout: 5000 });
    }
    await help.getByRole('button', { name: 'Add is:unowned' }).click();
    await page.waitForURL((url) => url.searchParams.get('search') === 'is:unowned');
    assert.equal(await page.getByRole('searchbox', { name: 'Search contacts' }).inputValue(), 'is:unowned');
    await help.waitFor({ state: 'hidden' });
  });

  it('shows the API\'s message for a query it cannot read, and marks the position it gives', async () => {
    const bad = 'tag:webinar OR';
    const probe = await t.request({ method: 'GET', url: `/api/v1/contacts?search=${encodeURIComponent(bad)}` });
    assert.equal(probe.statusCode, 400, probe.body);
    const expected = { message: probe.json().error.message as string, position: probe.json().error.position as number };
    assert.equal(typeof expected.position, 'number');
    const { page } = await t.open({ path: '/contacts' });
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(bad);
    await page.keyboard.press('Enter');
    const problem = page.getByTestId('search-error');
    await problem.getByText(expected.message, { exact: false }).waitFor();
    assert.equal(await page.getByTestId('search-error-position').getAttribute('aria-label'), `The problem is at character ${expected.position + 1}`);
    assert.equal(await page.getByTestId('search-error-position').locator('mark').textContent(), bad[expected.position] ?? ' ');
    await page.getByText('This search cannot be read').waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Search contacts' }).getAttribute('aria-invalid'), 'true');
    // Fixing the query brings the list back.
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('tag:webinar');
    await page.keyboard.press('Enter');
    await page.getByTestId('search-error').waitFor({ state: 'hidden' });
    await page.getByText('No contacts match').waitFor();
  });

  it('changes the owner and adds and removes tags of the selected rows', async () => {
    const other = await t.user('admin');
    await t.db.updateTable('users').set({ first_name: 'Rita', last_name: 'Owner' }).where('id', '=', other.id).execute();
    const [a, b, c] = await createMany([
      { firstname: 'Ola', lastname: 'Batchy', company: 'Owners Inc', owner: t.admin.id },
      { firstname: 'Per', lastname: 'Batchy', company: 'Owners Inc', owner: t.admin.id },
      { firstname: 'Kari', lastname: 'Batchy', company: 'Owners Inc', owner: t.admin.id },
    ]);
    const ownersNow = async () => (await t.db.selectFrom('contacts').select(['id', 'owner_id']).where('id', 'in', [a, b, c]).orderBy('id').execute()).map((r) => r.owner_id);
    const { page } = await t.open({ path: '/contacts?search=batchy' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contact-row]').length === 3);
    await page.getByRole('checkbox', { name: 'Select Ola Batchy' }).check();
    await page.getByRole('checkbox', { name: 'Select Per Batchy' }).check();

    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Change owner…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Change the owner of 2 contacts').waitFor();
    await dialog.getByLabel('New owner').click();
    await page.getByRole('option', { name: 'Rita Owner' }).click();
    await dialog.getByTestId('batch-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await ownersNow(), [other.id, other.id, t.admin.id]);
    await page.getByText('2 contacts now belong to Rita Owner').waitFor();
    // Done: the selection is cleared.
    await page.getByTestId('selection-bar').waitFor({ state: 'hidden' });

    await page.getByRole('checkbox', { name: 'Select Kari Batchy' }).check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Change owner…' }).click();
    await dialog.getByLabel('New owner').click();
    await page.getByRole('option', { name: 'No owner' }).click();
    await dialog.getByTestId('batch-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await ownersNow(), [other.id, other.id, null]);

    await page.getByRole('checkbox', { name: 'Select Per Batchy' }).check();
    await page.getByRole('checkbox', { name: 'Select Kari Batchy' }).check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Add tags…' }).click();
    await dialog.getByText('Add tags to 2 contacts').waitFor();
    const input = dialog.getByLabel('Tags to add');
    await input.fill('Webinar 2026');
    await input.press('Enter');
    await input.fill('hot');
    await input.press('Enter');
    await input.press('Tab');
    await dialog.getByTestId('batch-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await tagsOf(a), []);
    assert.deepEqual(await tagsOf(b), ['Webinar 2026', 'hot']);
    assert.deepEqual(await tagsOf(c), ['Webinar 2026', 'hot']);
    const events = await t.db.selectFrom('events').select('contact_id').where('type', '=', 'contact.tags_changed').where('contact_id', 'in', [a, b, c]).execute();
    assert.deepEqual(events.map((e) => e.contact_id).sort(), [b, c].sort());

    await page.getByRole('checkbox', { name: 'Select Kari Batchy' }).check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Remove tags…' }).click();
    const remove = dialog.getByLabel('Tags to remove');
    await remove.fill('hot');
    await remove.press('Enter');
    await remove.press('Tab');
    await dialog.getByTestId('batch-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(await tagsOf(b), ['Webinar 2026', 'hot']);
    assert.deepEqual(await tagsOf(c), ['Webinar 2026']);
  });

  it('applies an action to all matching contacts, beyond the page shown', async () => {
    const ids = await createMany(Array.from({ length: 34 }, (_, i) => ({ firstname: `M${String(i).padStart(2, '0')}`, lastname: 'Manymatch', company: 'Many Co' })));
    await createMany([{ firstname: 'Not', lastname: 'Included', company: 'Elsewhere' }]);
    const { page } = await t.open({ path: '/contacts?search=manymatch' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contact-row]').length === 30);
    await page.getByRole('checkbox', { name: 'Select all contacts on this page' }).check();
    const bar = page.getByTestId('selection-bar');
    await bar.getByText('30 selected').waitFor();
    await bar.getByRole('button', { name: 'Select all 34 matching' }).click();
    await bar.getByText('All 34 matching selected').waitFor();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Add tags…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Add tags to 34 contacts').waitFor();
    await dialog.getByLabel('Tags to add').fill('everyone');
    await dialog.getByLabel('Tags to add').press('Enter');
    await dialog.getByLabel('Tags to add').press('Tab');
    await dialog.getByTestId('batch-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    const tagged = await t.db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id').select('contact_id').where('tags.name', '=', 'everyone').execute();
    assert.deepEqual(tagged.map((r) => r.contact_id).sort((x, y) => x - y), [...ids].sort((x, y) => x - y));
  });

  it('shows anonymous visitors by their location, else their IP address, and known ones by name', async () => {
    const located = await t.db.insertInto('contacts').values({ anonymous: true, city: 'Porto', country: 'Portugal', points: 0, custom: '{}' } as never).returning('id').executeTakeFirstOrThrow();
    const unlocated = await t.db.insertInto('contacts').values({ anonymous: true, points: 0, custom: '{}' } as never).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('contact_ips').values({ contact_id: unlocated.id, ip: '198.51.100.23' } as never).execute();
    const { page } = await t.open({ path: '/contacts?sort=-id' });
    const rowOf = (id: number) => page.getByTestId('contact-row').filter({ has: page.locator(`a[href="/contacts/${id}"]`) });
    await rowOf(located.id).getByText(`Visitor #${located.id}`).waitFor();
    await rowOf(located.id).getByText('Porto, Portugal').waitFor();
    await rowOf(unlocated.id).getByText('IP 198.51.100.23').waitFor();
  });
});
