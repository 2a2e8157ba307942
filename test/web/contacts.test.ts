import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();

const contactByEmail = (email: string) =>
  t.db.selectFrom('contacts').selectAll().where('email', '=', email).where('merged_into', 'is', null).executeTakeFirst();

/** The id in a /contacts/:id URL. */
const idInUrl = (page: Page) => Number(/\/contacts\/(\d+)/.exec(page.url())?.[1]);

/** Names in the list, top to bottom. */
const listedNames = (page: Page) => page.getByTestId('contact-link').allTextContents();

/** Waits until the list shows exactly these names: the rows of an earlier answer may still be on screen. */
async function waitForNames(page: Page, expected: string[]) {
  await page.waitForFunction((names) => {
    const links = [...document.querySelectorAll('[data-testid=contact-link]')].map((link) => link.textContent);
    return JSON.stringify(links) === JSON.stringify(names);
  }, expected).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; listed: ${(await listedNames(page)).join(', ')}`);
  });
}

describe('admin UI: contacts', () => {
  it('quick-adds a contact from the list', async () => {
    const { page } = await t.open({ path: '/contacts' });
    await page.getByRole('button', { name: 'Quick add' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('First name').fill('Grace');
    await dialog.getByLabel('Last name').fill('Hopper');
    await dialog.getByLabel('Email').fill('grace.hopper@navy.example');
    await dialog.getByLabel('Company').fill('US Navy');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByTestId('contact-link').filter({ hasText: 'Grace Hopper' }).waitFor();
    const row = await contactByEmail('grace.hopper@navy.example');
    assert.ok(row, 'the contact is in the database');
    assert.equal(row.firstname, 'Grace');
    assert.equal(row.company, 'US Navy');
    assert.equal(row.created_by, t.admin.id);
    assert.equal(row.anonymous, false);
  });

  it('creates a contact with a custom field from the full form', async () => {
    const field = await t.request({
      method: 'POST', url: '/api/v1/fields',
      payload: { label: 'Industry', type: 'select', group: 'professional', options: [{ value: 'saas', label: 'Software' }, 'Retail'] },
    });
    assert.equal(field.statusCode, 201, field.body);
    await t.request({ method: 'POST', url: '/api/v1/fields', payload: { label: 'Shoe size', type: 'number' } });

    const { page } = await t.open({ path: '/contacts' });
    await page.getByRole('link', { name: 'New contact' }).first().click();
    await page.waitForURL('**/contacts/new');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email').fill('ada@analytical.example');
    await page.getByRole('tab', { name: 'Custom' }).click();
    await page.getByLabel('Industry').first().click();
    await page.getByRole('option', { name: 'Software' }).click();
    await page.getByLabel('Shoe size').fill('38');
    await page.getByRole('button', { name: 'Create contact' }).click();

    await page.waitForURL(/\/contacts\/\d+$/);
    await page.getByTestId('contact-name').getByText('Ada Lovelace').waitFor();
    const row = await contactByEmail('ada@analytical.example');
    assert.ok(row);
    assert.equal(idInUrl(page), row.id);
    assert.deepEqual(row.custom, { industry: 'saas', shoe_size: 38 });

    await page.getByRole('tab', { name: 'Details' }).click();
    const details = page.getByTestId('details');
    await details.getByText('Software', { exact: true }).waitFor();
    await details.getByText('38', { exact: true }).waitFor();
  });

  it('shows the API\'s validation message on the field, keeps what was typed, and saves once fixed; warns of a duplicate', async () => {
    await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Existing', lastname: 'Person', email: 'taken@example.com' } });
    const { page } = await t.open({ path: '/contacts/new' });
    await page.getByLabel('First name').fill('Katherine');
    await page.getByLabel('Last name').fill('Johnson');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Website').fill('nasa.gov');
    await page.getByRole('button', { name: 'Create contact' }).click();

    const email = page.getByLabel('Email');
    await page.getByText('must be a valid email address').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('First name').inputValue(), 'Katherine');
    assert.equal(await page.getByLabel('Website').inputValue(), 'nasa.gov');
    assert.equal(await t.db.selectFrom('contacts').select('id').where('firstname', '=', 'Katherine').executeTakeFirst(), undefined);

    // A taken email: 409, with a link to the contact that has it.
    await email.fill('taken@example.com');
    await page.getByRole('button', { name: 'Create contact' }).click();
    const notice = page.getByTestId('duplicate-notice');
    await notice.getByRole('link', { name: /Existing Person/ }).waitFor();
    const existing = await contactByEmail('taken@example.com');
    assert.equal(await notice.getByRole('link').getAttribute('href'), `/contacts/${existing!.id}`);

    await email.fill('katherine@nasa.example');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/contacts\/\d+$/);
    const row = await contactByEmail('katherine@nasa.example');
    assert.ok(row);
    assert.equal(row.firstname, 'Katherine');
    assert.equal(row.website, 'https://nasa.gov');
    assert.equal(idInUrl(page), row.id);
  });

  it('searches and sorts through the URL, and a reload keeps both', async () => {
    const people = [['Zoe', 'Quorn'], ['Adam', 'Quorn'], ['Mia', 'Quornby'], ['Nora', 'Elsewhere']];
    const batch = await t.request({
      method: 'POST', url: '/api/v1/contacts/batch',
      payload: { contacts: people.map(([firstname, lastname]) => ({ firstname, lastname, company: 'Quorn Labs' })) },
    });
    assert.equal(batch.statusCode, 200, batch.body);

    const { page } = await t.open({ path: '/contacts' });
    await page.getByTestId('contact-row').first().waitFor();
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('quorn');
    await page.waitForURL((url) => url.searchParams.get('search') === 'quorn');
    await page.getByRole('button', { name: 'Sort by Name', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'lastname,firstname');
    await waitForNames(page, ['Nora Elsewhere', 'Adam Quorn', 'Zoe Quorn', 'Mia Quornby']);

    await page.getByRole('button', { name: 'Sort by Name, descending' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === '-lastname,-firstname');
    const descending = ['Mia Quornby', 'Zoe Quorn', 'Adam Quorn', 'Nora Elsewhere'];
    await waitForNames(page, descending);

    await page.reload();
    await page.getByTestId('contact-row').first().waitFor();
    assert.equal(await page.getByRole('searchbox', { name: 'Search contacts' }).inputValue(), 'quorn');
    assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await listedNames(page), descending);
    // The same answer as the API gives for the same query.
    const api = await t.request({ method: 'GET', url: '/api/v1/contacts?q=quorn&sort=-lastname,-firstname' });
    assert.deepEqual(api.json().contacts.map((c: { full_name: string }) => c.full_name), descending);
    assert.equal(await page.getByTestId('page-summary').textContent(), `1–4 of ${api.json().total}`);
  });

  it('deletes the selected rows after a confirmation that names the count', async () => {
    await t.request({
      method: 'POST', url: '/api/v1/contacts/batch',
      payload: { contacts: [{ firstname: 'Del', lastname: 'One', company: 'Gone Ltd' }, { firstname: 'Del', lastname: 'Two', company: 'Gone Ltd' }, { firstname: 'Keep', lastname: 'Three', company: 'Gone Ltd' }] },
    });
    const { page } = await t.open({ path: '/contacts?search=gone' });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contact-row]').length === 3);
    await page.getByRole('checkbox', { name: 'Select Del One' }).check();
    await page.getByRole('checkbox', { name: 'Select Del Two' }).check();
    await page.getByTestId('selection-bar').getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete 2 contacts' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Delete 2 contacts?').waitFor();
    await confirm.getByRole('button', { name: 'Delete 2 contacts' }).click();

    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contact-row]').length === 1);
    assert.deepEqual(await listedNames(page), ['Keep Three']);
    const left = await t.db.selectFrom('contacts').select('lastname').where('company', '=', 'Gone Ltd').execute();
    assert.deepEqual(left.map((r) => r.lastname), ['Three']);
  });
});
