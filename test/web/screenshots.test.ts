/**
 * Refreshes docs/screenshots/*.png from the real pages over seeded demo data:
 * `SCREENSHOTS=1 npm test -- test/web/screenshots`. Skipped otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { seed } from '../../src/seed/run.js';
import { useWebApp } from '../helpers/browser.js';

const OUT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../docs/screenshots');

if (process.env.SCREENSHOTS !== '1') {
  it.skip('screenshots for the docs (SCREENSHOTS=1 refreshes docs/screenshots)');
} else {
  const t = useWebApp();

  const shoot = async (page: Page, name: string) => {
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(300); // transitions
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  };

  describe('screenshots', () => {
    it('takes the main pages over demo data', async () => {
      fs.mkdirSync(OUT, { recursive: true });
      await seed(t.db, t.ctx.fields, { contacts: 400, events: 6000, anonymousShare: 0.25 });
      t.ctx.fields.invalidate();
      const statuses: number[] = [];
      for (const [name, color, description] of [['Customer', '#12b886', 'Paying customers'], ['Lead', '#4c6ef5', 'Showed interest'], ['VIP', '#be4bdb', 'Key accounts'], ['Churned', '#fa5252', 'Left us']]) {
        const res = await t.request({ method: 'POST', url: '/api/v1/statuses', payload: { name, color, description } });
        statuses.push(res.json().status.id);
      }
      const seller = await t.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'maria', password: 'a-long-password', first_name: 'Maria', last_name: 'Schmidt', role: 'user', email: 'maria@example.com' } });
      const alexJson = (await t.request({ method: 'POST', url: '/api/v1/users', payload: { username: 'alex', password: 'demo-password', first_name: 'Alex', last_name: 'Morgan', role: 'admin', email: 'alex@example.com' } })).json().user;
      const alex = { id: alexJson.id as number, username: 'alex', password: 'demo-password', token: '' };
      const owners = [alex.id, seller.json().user.id];
      const ids = (await t.db.selectFrom('contacts').select(['id', 'anonymous']).orderBy('id').execute()).filter((c) => !c.anonymous).map((c) => c.id);
      for (const [index, id] of ids.entries()) {
        if (index % 3 === 2) continue;
        await t.db.updateTable('contacts').set({ status_id: statuses[index % statuses.length], owner_id: owners[index % 2], points: (index * 37) % 240 } as never).where('id', '=', id).execute();
      }
      await t.request({ method: 'POST', url: '/api/v1/tokens', payload: { name: 'CRM sync' } });

      const { page } = await t.open({ as: null, path: '/sign-in' });
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByLabel('Username').fill('alex');
      await shoot(page, 'sign-in');

      const signedIn = await t.open({ as: alex, path: '/contacts' });
      const p = signedIn.page;
      await p.setViewportSize({ width: 1440, height: 900 });
      await p.getByTestId('contact-row').first().waitFor();
      await shoot(p, 'contacts');

      await p.getByRole('button', { name: 'Quick add' }).click();
      await p.getByRole('dialog').getByLabel('First name').fill('Grace');
      await p.getByRole('dialog').getByLabel('Last name').fill('Hopper');
      await p.getByRole('dialog').getByLabel('Email').fill('grace@navy.example');
      await shoot(p, 'quick-add');
      await p.keyboard.press('Escape');

      const busy = await t.db.selectFrom('events').innerJoin('contacts', 'contacts.id', 'events.contact_id')
        .select(['contacts.id', t.db.fn.countAll<string>().as('n')]).where('contacts.anonymous', '=', false).where('contacts.city', 'is not', null)
        .where('contacts.position', 'is not', null).groupBy('contacts.id').orderBy('n', 'desc').limit(1).executeTakeFirstOrThrow();
      // Points over the weeks and a few located addresses, for the chart and the map.
      const week = 7 * 86_400_000;
      await t.db.insertInto('events').values(Array.from({ length: 14 }, (_, i) => ({
        contact_id: busy.id, type: 'points.changed', occurred_at: new Date(Date.now() - (i * 1.7 + 0.3) * week), data: JSON.stringify({ delta: [10, 5, 25, -5, 15, 20, 5][i % 7] }),
      }))).execute();
      const hits = await t.db.selectFrom('events').select(['type', 'data']).where('contact_id', '=', busy.id).where('type', 'in', ['page.hit', 'email.read', 'form.submitted']).limit(60).execute();
      await t.db.insertInto('events').values(hits.map((e, i) => ({
        contact_id: busy.id, type: e.type, data: JSON.stringify(e.data), occurred_at: new Date(Date.now() - Math.pow(i / hits.length, 1.6) * 25.5 * week - 3_600_000),
      }))).execute();
      await t.db.updateTable('contacts').set({ points: 150 } as never).where('id', '=', busy.id).execute();
      await t.db.insertInto('contact_ips').values([
        { ip: '203.0.113.9', city: 'Lyon', state: 'Auvergne-Rhône-Alpes', country: 'France', latitude: 45.76, longitude: 4.84, days: [90, 2] },
        { ip: '198.51.100.7', city: 'Berlin', state: 'Berlin', country: 'Germany', latitude: 52.52, longitude: 13.4, days: [60, 9] },
        { ip: '192.0.2.41', city: 'New York', state: 'New York', country: 'United States of America', latitude: 40.71, longitude: -74.0, days: [40, 30] },
        { ip: '198.51.100.90', city: 'São Paulo', state: 'São Paulo', country: 'Brazil', latitude: -23.55, longitude: -46.63, days: [20, 12] },
      ].map(({ days, ...ip }) => ({ ...ip, contact_id: busy.id, first_seen_at: new Date(Date.now() - days[0] * 86_400_000), last_seen_at: new Date(Date.now() - days[1] * 86_400_000) })) as never)
        .onConflict((oc) => oc.doNothing()).execute();

      await p.setViewportSize({ width: 1440, height: 1200 });
      await p.goto(`/contacts/${busy.id}`);
      await p.getByTestId('timeline-event').first().waitFor();
      await p.locator('[data-testid=engagement] .recharts-line-curve').waitFor();
      await p.getByTestId('event-filter').click();
      await p.getByRole('option', { name: 'Page visits' }).click();
      await p.keyboard.press('Escape');
      await p.waitForFunction(() => [...document.querySelectorAll('[data-testid=timeline-event]')].every((e) => e.getAttribute('data-type') === 'page.hit'));
      await p.getByTestId('timeline-event').nth(1).getByRole('button').click();
      await p.evaluate(() => window.scrollTo(0, 0));
      await shoot(p, 'profile');

      await p.goto(`/contacts/${busy.id}?tab=devices`);
      await p.getByTestId('ip-marker').first().waitFor();
      await p.locator('[data-testid=engagement] .recharts-line-curve').waitFor();
      await p.getByTestId('ips-table').scrollIntoViewIfNeeded();
      await shoot(p, 'profile-map');
      await p.setViewportSize({ width: 1440, height: 900 });

      await p.goto(`/contacts/${busy.id}/edit`);
      await p.getByRole('tab', { name: 'Core' }).waitFor();
      await shoot(p, 'contact-form');

      await p.goto(`/contacts/${busy.id}?tab=merge`);
      const other = await t.db.selectFrom('contacts').select(['id', 'firstname']).where('anonymous', '=', false).where('id', '!=', busy.id).where('firstname', 'is not', null).limit(1).executeTakeFirstOrThrow();
      await p.getByTestId('merge-search').fill(String(other.firstname));
      await p.getByTestId('merge-candidate').first().click();
      await p.getByTestId('merge-preview').waitFor();
      await shoot(p, 'merge');

      const csv = path.join(OUT, '..', '.import-demo.csv');
      fs.writeFileSync(csv, [
        'Email;First Name;Last Name;Company;Job title;Country;Newsletter;Labels',
        'amara.okafor@lagoslogistics.example;Amara;Okafor;Lagos Logistics;Head of Operations;Nigeria;yes;webinar|lead',
        'lukas.weber@alpenbau.example;Lukas;Weber;Alpenbau GmbH;Procurement;Germany;no;trade-show',
        'mei.tanaka@sakura-retail.example;Mei;Tanaka;Sakura Retail;CFO;Japan;yes;',
        'sofia.rossi@milanodesign.example;Sofia;Rossi;Milano Design;Founder;Italy;yes;vip',
      ].join('\n'));
      await p.goto('/contacts/import');
      await p.locator('input[type=file]').setInputFiles(csv);
      await p.getByRole('button', { name: 'Read the file' }).click();
      await p.getByTestId('mapping-table').waitFor();
      fs.rmSync(csv, { force: true });
      await shoot(p, 'import');

      await p.goto('/settings/fields');
      await p.getByTestId('fields-table').waitFor();
      await shoot(p, 'settings-fields');

      await p.goto('/settings/tracking');
      await p.getByTestId('tracking-snippet').waitFor();
      await t.request({ method: 'PATCH', url: '/api/v1/settings', payload: { tracking_valid_domains: ['https://www.example.com', 'https://*.example.com'], do_not_track_ips: ['203.0.113.0/24'] } });
      await p.reload();
      await p.getByTestId('tracking-snippet').waitFor();
      await shoot(p, 'settings-tracking');

      const form = (await t.request({ method: 'POST', url: '/api/v1/forms', payload: {
        name: 'Request a demo', description: 'On the pricing page', success_message: 'Thanks! We will be in touch within a day.',
        fields: [
          { name: 'email', label: 'Work email', type: 'email', required: true, maps_to: 'email' },
          { name: 'first_name', label: 'First name', type: 'text', maps_to: 'firstname' },
          { name: 'company', label: 'Company', type: 'text', maps_to: 'company' },
          { name: 'team_size', label: 'Team size', type: 'select', options: ['1-10', '11-50', '51-200', '200+'] },
        ],
      } })).json().form;
      const senders = await t.db.selectFrom('contacts').select(['id', 'email', 'firstname', 'company']).where('anonymous', '=', false).where('email', 'is not', null).orderBy('id', 'desc').limit(6).execute();
      await t.db.insertInto('events').values(senders.map((c, i) => ({
        contact_id: c.id, type: 'form.submitted', occurred_at: new Date(Date.now() - (i * 7 + 2) * 3_600_000),
        data: JSON.stringify({ form_id: form.id, form_name: form.name, url: 'https://www.northwind-demo.com/pricing', values: { email: c.email, first_name: c.firstname, company: c.company, team_size: ['11-50', '1-10', '51-200', '200+'][i % 4] } }),
      }))).execute();
      await t.request({ method: 'POST', url: '/api/v1/forms', payload: { name: 'Newsletter sign-up', published: false, fields: [{ name: 'email', label: 'Email', type: 'email', required: true, maps_to: 'email' }] } });
      await p.goto('/settings/forms');
      await p.getByRole('button', { name: `Embed ${form.name}` }).click();
      await p.getByTestId('form-embed').waitFor();
      await shoot(p, 'settings-forms');
      await p.keyboard.press('Escape');

      await p.goto('/settings/identity');
      await p.getByRole('radio', { name: /Any one matches/ }).waitFor();
      await shoot(p, 'settings-identity');
    });
  });
}
