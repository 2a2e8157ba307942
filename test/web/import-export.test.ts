import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();

const contactsOf = (company: string) =>
  t.db.selectFrom('contacts').selectAll().where('company', '=', company).where('merged_into', 'is', null).orderBy('email').execute();

describe('admin UI: import and export', () => {
  it('imports a CSV with one bad row: maps the columns, creates a field, follows the progress, and gives the failed rows to download', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-import-'));
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, [
      'Email;First name;Last name;Company;Shoe size;Labels',
      'ada@importco.example;Ada;Lovelace;Importco;38;vip|speaker',
      'not-an-email;Bad;Row;Importco;40;',
      'grace@importco.example;Grace;Hopper;Importco;41;speaker',
    ].join('\r\n'));

    const { page } = await t.open({ path: '/contacts' });
    await page.getByRole('link', { name: 'Import' }).click();
    await page.waitForURL('**/contacts/import');
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Read the file' }).click();

    const facts = page.getByTestId('preview-facts');
    await facts.getByText(/semicolon-separated, about 3 rows/).waitFor();
    const table = page.getByTestId('mapping-table');
    // The suggestions: Email, names and company are recognised.
    assert.equal(await table.getByLabel('Import Email into').inputValue(), 'Email (email)');
    assert.equal(await table.getByLabel('Import First name into').inputValue(), 'First name (firstname)');
    await table.getByLabel('Import Shoe size into').click();
    await page.getByRole('option', { name: 'Create a field…' }).click();
    await table.getByLabel('New field type for Shoe size').click();
    await page.getByRole('option', { name: 'number', exact: true }).click();
    await table.getByLabel('Import Labels into').click();
    await page.getByRole('option', { name: 'Tags (separated by |)' }).click();
    await page.getByRole('button', { name: 'Next' }).click();

    const tags = page.getByLabel('Tags for every row').first();
    await tags.fill('spring-import');
    await tags.press('Enter');
    await tags.press('Tab');
    await page.getByRole('button', { name: 'Start the import' }).click();

    await page.waitForURL((url) => url.pathname === '/contacts/import' && Boolean(url.searchParams.get('job')));
    await page.locator('[data-testid=job-progress][data-state=succeeded]').waitFor();
    const result = page.getByTestId('import-result');
    assert.equal(await result.getByTestId('import-created').textContent(), '2');
    assert.equal(await result.getByTestId('import-failed').textContent(), '1');

    const rows = await contactsOf('Importco');
    assert.deepEqual(rows.map((r) => r.email), ['ada@importco.example', 'grace@importco.example']);
    assert.equal((rows[0].custom as Record<string, unknown>).shoe_size, 38);
    const field = await t.db.selectFrom('fields').select(['alias', 'type']).where('alias', '=', 'shoe_size').executeTakeFirstOrThrow();
    assert.equal(field.type, 'number');
    const tagsOfAda = (await t.db.selectFrom('contact_tags').innerJoin('tags', 'tags.id', 'contact_tags.tag_id').select('tags.name').where('contact_id', '=', rows[0].id).execute()).map((r) => r.name).sort();
    assert.deepEqual(tagsOfAda, ['speaker', 'spring-import', 'vip']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download the 1 failed row/ }).click()]);
    const report = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(report, /not-an-email/);
    assert.match(report, /email/i);
    assert.doesNotMatch(report, /ada@importco/);

    // A reload shows the same finished import.
    await page.reload();
    await page.locator('[data-testid=job-progress][data-state=succeeded]').waitFor();
    assert.equal(await page.getByTestId('import-failed').textContent(), '1');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the API\'s refusal of a file it cannot read', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-import-'));
    const file = path.join(dir, 'empty.csv');
    fs.writeFileSync(file, '');
    const { page } = await t.open({ path: '/contacts/import' });
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Read the file' }).click();
    await page.getByTestId('save-error').waitFor();
    assert.ok(((await page.getByTestId('save-error').textContent()) ?? '').length > 5);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports a search result to CSV and a selection to Excel, with progress and a download', async () => {
    const batch = await t.request({
      method: 'POST', url: '/api/v1/contacts/batch',
      payload: { contacts: [
        { firstname: 'Exa', lastname: 'One', email: 'exa1@exportco.example', company: 'Exportco' },
        { firstname: 'Exa', lastname: 'Two', email: 'exa2@exportco.example', company: 'Exportco' },
        { firstname: 'Not', lastname: 'Me', email: 'not@elsewhere.example', company: 'Elsewhere' },
      ] },
    });
    assert.equal(batch.statusCode, 200, batch.body);
    const { page } = await t.open({ path: `/contacts?search=${encodeURIComponent('company:Exportco')}` });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contact-row]').length === 2);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Every contact matching “company:Exportco”.').waitFor();
    await dialog.getByTestId('export-start').click();
    await dialog.getByTestId('export-ready').waitFor();
    const [csv] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: /Download .*\.csv/ }).click()]);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    assert.match(text, /exa1@exportco\.example/);
    assert.match(text, /exa2@exportco\.example/);
    assert.doesNotMatch(text, /not@elsewhere/);
    await page.keyboard.press('Escape');

    await page.getByRole('checkbox', { name: 'Select Exa One' }).check();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Export…' }).click();
    await dialog.getByText('Export 1 contact').waitFor();
    await dialog.getByRole('radio', { name: 'Excel (.xlsx)' }).check();
    await dialog.getByTestId('export-start').click();
    await dialog.getByTestId('export-ready').waitFor();
    const [xlsx] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: /Download .*\.xlsx/ }).click()]);
    const bytes = fs.readFileSync((await xlsx.path())!);
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx file is a zip');
    const jobs = await t.db.selectFrom('jobs').select(['kind', 'state', 'payload']).where('kind', '=', 'export').orderBy('id').execute();
    assert.equal(jobs.length, 2);
    assert.ok(jobs.every((j) => j.state === 'succeeded'));
  });
});
