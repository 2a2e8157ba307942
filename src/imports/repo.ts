import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Users by username and statuses by name (any case), for the ownerusername and status_name columns. */
export async function idsByName(db: Db, usernames: readonly string[], statusNames: readonly string[]) {
  const result = await sql<{ kind: 'user' | 'status'; name: string; id: number }>`
    SELECT 'user' AS kind, lower(username) AS name, id FROM users WHERE lower(username) = ANY(${usernames.map((n) => n.toLowerCase())}::text[])
    UNION ALL
    SELECT 'status', lower(name), id FROM statuses WHERE lower(name) = ANY(${statusNames.map((n) => n.toLowerCase())}::text[])`.execute(db);
  const of = (kind: string) => new Map(result.rows.filter((r) => r.kind === kind).map((r) => [r.name, Number(r.id)]));
  return { users: of('user'), statuses: of('status') };
}
