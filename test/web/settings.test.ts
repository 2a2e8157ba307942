import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();

describe('admin UI: settings', () => {
  it('an admin creates a select field for quick add, and changes the identifier operator', async () => {
    const { page } = await t.open({ path: '/settings' });
    await page.waitForURL('**/settings/fields');
    await page.getByRole('button', { name: 'New field' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Label' }).fill('Favourite colour');
    await dialog.getByLabel('Type', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Select', exact: true }).click();
    await dialog.getByRole('button', { name: 'Add option' }).click();
    await dialog.getByLabel('Option 1 value').fill('red');
    await dialog.getByRole('button', { name: 'Add option' }).click();
    await dialog.getByLabel('Option 2 value').fill('blue');
    await dialog.getByLabel('Option 2 label').fill('Blue');
    await dialog.getByRole('switch', { name: 'Quick add' }).check();
    await dialog.getByRole('button', { name: 'Create field' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('fields-table').getByText('favourite_colour', { exact: true }).waitFor();

    const field = await t.db.selectFrom('fields').selectAll().where('alias', '=', 'favourite_colour').executeTakeFirstOrThrow();
    assert.equal(field.type, 'select');
    assert.equal(field.quick_add, true);
    assert.deepEqual(field.options, [{ value: 'red', label: 'red' }, { value: 'blue', label: 'Blue' }]);

    // The quick-add form has it at once.
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('button', { name: 'Quick add' }).first().click();
    await page.getByRole('dialog').getByText('Favourite colour').waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Identity' }).click();
    await page.getByRole('radio', { name: /All match/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Contacts are matched with the new rule from now on.').waitFor();
    const settings = await t.request({ method: 'GET', url: '/api/v1/settings' });
    assert.equal(settings.json().unique_identifier_operator, 'and');
  });

  it('a user (not an admin) sees no user or token management', async () => {
    const user = await t.user('user');
    const { page } = await t.open({ as: user, path: '/settings/users' });
    await page.getByText('Admins only').waitFor();
    const menu = page.getByRole('navigation', { name: 'Settings' });
    await menu.getByRole('link', { name: 'Fields' }).waitFor();
    assert.equal(await menu.getByRole('link', { name: 'Users' }).count(), 0);
    assert.equal(await menu.getByRole('link', { name: 'API tokens' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'New field' }).count(), 0);
  });
});
