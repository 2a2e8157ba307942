import type { App, AppContext } from '../http/app.js';
import { errorResponses } from '../http/schemas.js';
import { SettingsJson, SettingsPatch } from './definitions.js';

export function settingsRoutes(app: App, ctx: AppContext) {
  const tags = ['Settings'];

  app.get('/api/v1/settings', {
    schema: { tags, summary: 'Every setting an admin can change while the server runs', response: { 200: SettingsJson, ...errorResponses } },
  }, async () => ctx.settings.load(ctx.db));

  app.patch('/api/v1/settings', {
    config: { role: 'admin' },
    schema: { tags, summary: 'Change settings (admins only); takes effect at once', body: SettingsPatch, response: { 200: SettingsJson, ...errorResponses } },
  }, async (request) => ctx.settings.update(ctx.db, request.body));
}
