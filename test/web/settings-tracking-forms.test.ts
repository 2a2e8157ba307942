import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useWebApp } from '../helpers/browser.js';

const t = useWebApp();
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

async function setting(key: string): Promise<unknown> {
  const row = await t.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

describe('admin UI: tracking settings', () => {
  it('gives the snippet for this server, and changes domains, cookie level and switches', async () => {
    const origin = await t.origin();
    const { page, context } = await t.open({ path: '/settings/tracking' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const snippet = page.getByTestId('tracking-snippet');
    await snippet.waitFor();
    assert.ok((await snippet.textContent())?.includes(`'${origin}/mtc.js', 'mt'`), await snippet.textContent() ?? '');
    await page.getByRole('button', { name: 'Copy the script' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await snippet.textContent());

    // A valid domain is saved; a bad one shows the API's message and is not.
    const add = page.getByRole('textbox', { name: 'Add to Valid domains' });
    await add.fill('https://www.example.com');
    await add.press('Enter');
    await page.getByTestId('Valid domains-values').getByText('https://www.example.com').waitFor();
    assert.deepEqual(await setting('tracking_valid_domains'), ['https://www.example.com']);
    await add.fill('example.org without scheme');
    await add.press('Enter');
    await page.getByTestId('save-error').getByText(/tracking_valid_domains/).first().waitFor();
    assert.equal(await add.inputValue(), 'example.org without scheme', 'what was typed stays');
    assert.deepEqual(await setting('tracking_valid_domains'), ['https://www.example.com']);
    await add.fill('https://*.example.net');
    await add.press('Enter');
    await page.getByTestId('Valid domains-values').getByText('https://*.example.net').waitFor();
    await page.getByRole('button', { name: 'Remove https://www.example.com' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="Valid domains-values"]')?.textContent?.includes('www.example.com'));
    assert.deepEqual(await setting('tracking_valid_domains'), ['https://*.example.net']);

    await page.getByLabel('Default cookie level', { exact: true }).first().click();
    await page.getByRole('option', { name: /Essential/ }).click();
    await page.getByText('Default cookie level: essential').waitFor();
    assert.equal(await setting('default_cookie_level'), 'essential');

    const bots = page.getByRole('switch', { name: 'Track bots' });
    assert.equal(await bots.isChecked(), false);
    await bots.click();
    await page.getByText('Bots are tracked').waitFor();
    assert.equal(await setting('track_bots'), true);
    await page.getByRole('switch', { name: 'Respect Do-Not-Track' }).click();
    await page.getByText('Do-Not-Track is ignored').waitFor();
    assert.equal(await setting('respect_do_not_track'), false);
    await page.getByRole('switch', { name: 'Identify by tracked URL (ct)' }).click();
    await page.getByText('Visitors are identified from tracked links').waitFor();
    assert.equal(await setting('identify_by_tracking_url'), true);

    // The server applies it: the settings API answers the new values.
    const api = (await t.request({ method: 'GET', url: '/api/v1/settings' })).json();
    assert.equal(api.track_bots, true);
    assert.equal(api.default_cookie_level, 'essential');

    await page.getByRole('link', { name: 'Change it in Identity' }).click();
    await page.waitForURL('**/settings/identity');
  });

  it('shows a user the settings without letting them change them', async () => {
    const user = await t.user('user');
    const { page } = await t.open({ as: user, path: '/settings/tracking' });
    await page.getByTestId('tracking-snippet').waitFor();
    assert.equal(await page.getByRole('switch', { name: 'Track bots' }).isDisabled(), true);
    assert.equal(await page.getByRole('textbox', { name: 'Add to Valid domains' }).count(), 0);
    await page.getByText('Only admins can change these settings.').waitFor();
  });
});

describe('admin UI: forms', () => {
  it('creates a form with mapped fields, shows its embed code, lists a submission as text, edits and deletes it', async () => {
    const { page } = await t.open({ path: '/settings/forms' });
    await page.getByTestId('empty-state').getByText('No forms yet').waitFor();
    await page.getByRole('button', { name: 'New form' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Name' }).first().fill('Contact us');

    await dialog.getByRole('button', { name: 'Add field' }).click();
    const first = dialog.getByRole('group', { name: 'Field 1' });
    await first.getByRole('textbox', { name: 'Label' }).fill('Work email');
    assert.equal(await first.getByRole('textbox', { name: 'Name' }).inputValue(), 'work_email', 'the name follows the label');
    await first.getByLabel('Type', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Email', exact: true }).click();
    await first.getByLabel('Saves to contact field', { exact: true }).first().fill('email');
    await page.getByRole('option', { name: 'Email (email)' }).click();
    await first.getByRole('checkbox', { name: 'Required' }).check();

    await dialog.getByRole('button', { name: 'Add field' }).click();
    const second = dialog.getByRole('group', { name: 'Field 2' });
    await second.getByRole('textbox', { name: 'Label' }).fill('Topic');
    await second.getByLabel('Type', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Select', exact: true }).click();
    // A select without options: the API refuses and says so on the field; nothing is saved.
    await dialog.getByRole('button', { name: 'Create form' }).click();
    await second.getByText('a select field needs at least one option').waitFor();
    assert.equal((await t.db.selectFrom('forms').select('id').execute()).length, 0);

    const options = second.getByLabel('Options', { exact: true }).first();
    await options.fill('Sales');
    await options.press('Enter');
    await options.fill('support=Support');
    await options.press('Enter');
    await options.press('Tab');
    await dialog.getByRole('button', { name: 'Add field' }).click();
    await dialog.getByRole('group', { name: 'Field 3' }).getByRole('textbox', { name: 'Label' }).fill('Message');
    await dialog.getByRole('textbox', { name: 'Redirect URL' }).fill('https://www.example.com/thanks');
    await dialog.getByRole('button', { name: 'Create form' }).click();

    // Saved: the dialog turns to the embed code.
    const embed = dialog.getByTestId('form-embed');
    await embed.waitFor();
    const stored = await t.db.selectFrom('forms').selectAll().executeTakeFirstOrThrow();
    assert.equal(stored.name, 'Contact us');
    assert.equal(stored.redirect_url, 'https://www.example.com/thanks');
    assert.deepEqual(stored.fields.map((f) => [f.name, f.type, f.required, f.maps_to]), [['work_email', 'email', true, 'email'], ['topic', 'select', false, null], ['message', 'text', false, null]]);
    assert.deepEqual(stored.fields[1].options, [{ value: 'Sales', label: 'Sales' }, { value: 'support', label: 'Support' }]);
    const html = (await t.request({ method: 'GET', url: `/api/v1/forms/${stored.id}/embed` })).json().html as string;
    assert.ok(html.includes('mauticform[work_email]'));
    const shown = (await embed.textContent()) ?? '';
    assert.ok(shown.includes('name="mauticform[work_email]"') && shown.includes('/form/submit'), shown);
    const origins = (text: string) => text.replace(/https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?/g, 'ORIGIN').trim();
    assert.equal(origins(shown), origins(html), 'the page shows the API\'s embed code as it is');
    await dialog.getByText('No submissions yet').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('form-row').getByText('Contact us').waitFor();

    // A visitor sends it, with markup in a value.
    const body = new URLSearchParams({ 'mauticform[formId]': String(stored.id), 'mauticform[work_email]': 'visitor@site.example', 'mauticform[topic]': 'support', 'mauticform[message]': '<img src=x onerror=alert(1)>' });
    const sent = await t.request({
      method: 'POST', url: `/form/submit?formId=${stored.id}`, as: null, payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': BROWSER, referer: 'https://www.example.com/contact' },
    });
    assert.ok(sent.statusCode < 400, `${sent.statusCode} ${sent.body.slice(0, 2000)}`);
    await page.getByRole('button', { name: 'Embed Contact us' }).click();
    const submissions = dialog.getByTestId('form-submissions');
    await submissions.getByText('<img src=x onerror=alert(1)>', { exact: true }).waitFor();
    await submissions.getByText('visitor@site.example').waitFor();
    assert.equal(await submissions.locator('img').count(), 0, 'the value is text, not markup');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Edit Contact us' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).first().fill('Talk to us');
    await dialog.getByRole('switch', { name: 'Published' }).click();
    await dialog.getByRole('button', { name: 'Remove Topic' }).click();
    await dialog.getByRole('button', { name: 'Save form' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('form-row').getByText('Unpublished').waitFor();
    const edited = await t.db.selectFrom('forms').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    assert.equal(edited.name, 'Talk to us');
    assert.equal(edited.published, false);
    assert.deepEqual(edited.fields.map((f) => f.name), ['work_email', 'message']);

    await page.getByRole('button', { name: 'Delete Talk to us' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete form' }).click();
    await page.getByText('No forms yet').waitFor();
    assert.equal(await t.db.selectFrom('forms').select('id').where('id', '=', stored.id).executeTakeFirst(), undefined);
  });
});
