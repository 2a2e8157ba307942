/**
 * The one place every domain's search commands are registered, once per process. Domains
 * arriving later (segments: segment:, common:; stages: stage:; campaigns: campaign:; emails:
 * email_read:, ...) add their `registerSearchCommands()` here.
 */
import { registerSearchCommands as contacts } from '../contacts/search.js';
import { registerSearchCommands as statuses } from '../statuses/search.js';
import { registerSearchCommands as tags } from '../tags/search.js';
import { registerSearchCommands as tracking } from '../tracking/search.js';
import { registerSearchCommands as users } from '../users/search.js';

let registered = false;

export function registerSearchCommands(): void {
  if (registered) return;
  registered = true;
  for (const register of [contacts, users, statuses, tags, tracking]) register();
}
