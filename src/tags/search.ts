import { sql, type SqlBool } from 'kysely';
import { textMatch } from '../search/like.js';
import { registerSearchCommand } from '../search/registry.js';
import { matchText } from '../search/sql.js';

/** `tag:x`: has a tag whose name starts with x; `!tag:x`: has none (contacts without tags too). */
export function registerSearchCommands(): void {
  registerSearchCommand('tag', {
    summary: 'has a tag whose name starts with the value',
    match(_eb, { value, strict }) {
      const match = textMatch(value, strict, 'prefix');
      // The few matching tag ids first, once: then one index probe per contact.
      return sql<SqlBool>`EXISTS (SELECT 1 FROM contact_tags WHERE contact_tags.contact_id = contacts.id
        AND contact_tags.tag_id = ANY (ARRAY(SELECT tags.id FROM tags WHERE ${matchText(sql.ref('tags.name'), match)})))`;
    },
  });
}
