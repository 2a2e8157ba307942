import { sql, type SqlBool } from 'kysely';
import { textMatch } from '../search/like.js';
import { registerSearchCommand } from '../search/registry.js';
import { matchText } from '../search/sql.js';

/** `status:x`: the contact's status name starts with x. */
export function registerSearchCommands(): void {
  registerSearchCommand('status', {
    summary: 'the status name starts with the value',
    match(_eb, { value, strict }) {
      const match = textMatch(value, strict, 'prefix');
      return sql<SqlBool>`contacts.status_id IN (SELECT statuses.id FROM statuses WHERE ${matchText(sql.ref('statuses.name'), match)})`;
    },
  });
}
