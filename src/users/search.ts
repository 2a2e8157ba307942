import { sql, type SqlBool } from 'kysely';
import { textMatch } from '../search/like.js';
import { registerSearchCommand, registerSearchFlag } from '../search/registry.js';
import { matchText } from '../search/sql.js';

/** `owner:x` (the owner's first or last name starts with x), `is:mine` and `is:unowned`. */
export function registerSearchCommands(): void {
  registerSearchCommand('owner', {
    summary: 'the owner\'s first or last name (or username) starts with the value',
    match(_eb, { value, strict }) {
      const match = textMatch(value, strict, 'prefix');
      return sql<SqlBool>`contacts.owner_id IN (SELECT users.id FROM users WHERE ${matchText(sql.ref('users.first_name'), match)}
        OR ${matchText(sql.ref('users.last_name'), match)} OR ${matchText(sql.ref('users.username'), match)})`;
    },
  });
  registerSearchFlag('mine', {
    summary: 'owned by the signed-in user',
    match: (eb, _value, { userId }) => (userId === null ? sql<SqlBool>`false` : eb('contacts.owner_id', '=', userId)),
  });
  registerSearchFlag('unowned', {
    summary: 'no owner',
    match: (eb) => eb('contacts.owner_id', 'is', null),
  });
}
