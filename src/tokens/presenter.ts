import type { Selectable } from 'kysely';
import type { ApiTokensTable } from '../db/schema.js';

export function presentToken(row: Selectable<ApiTokensTable>, username: string) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    user_id: row.user_id,
    username,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}
