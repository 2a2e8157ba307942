import { sql, type SqlBool } from 'kysely';
import { textMatch } from '../search/like.js';
import { registerSearchCommand } from '../search/registry.js';
import { matchText } from '../search/sql.js';

/** `ip:x`: one of the contact's IP addresses starts with x (`ip:192.168.`, `ip:+10.0.0.1`). */
export function registerSearchCommands(): void {
  registerSearchCommand('ip', {
    summary: 'one of the contact\'s IP addresses starts with the value',
    match(_eb, { value, strict }) {
      const match = textMatch(value, strict, 'prefix');
      // host(ip), lowercase already, is what migration 0007 indexes; inet's text form adds "/32".
      return sql<SqlBool>`EXISTS (SELECT 1 FROM contact_ips
        WHERE contact_ips.contact_id = contacts.id AND ${matchText(sql`host(contact_ips.ip)`, match, true)})`;
    },
  });
}
