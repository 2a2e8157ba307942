import { Cached } from '../db/cached.js';
import type { Db } from '../db/database.js';
import { SETTINGS, type SettingKey, type Settings } from './definitions.js';
import * as repo from './repo.js';

/** Defaults, overridden by environment presets, overridden by what an admin saved. */
export class SettingsStore {
  private readonly cache: Cached<Settings>;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const base: Record<string, unknown> = {};
    for (const [key, definition] of Object.entries(SETTINGS)) {
      const raw = definition.env ? env[definition.env] : undefined;
      const preset = raw !== undefined && raw !== '' ? definition.fromEnv?.(raw) : undefined;
      base[key] = preset ?? definition.default;
    }
    this.cache = new Cached(async (db) => {
      const saved = Object.fromEntries((await repo.listSettings(db)).filter((r) => r.key in SETTINGS).map((r) => [r.key, r.value]));
      return Object.freeze({ ...base, ...saved }) as Settings;
    });
  }

  load(db: Db): Promise<Settings> {
    return this.cache.get(db);
  }

  async update(db: Db, changes: Partial<Settings>): Promise<Settings> {
    await repo.upsertSettings(db, changes as Record<SettingKey, unknown>);
    this.cache.invalidate();
    return this.load(db);
  }
}
