import { sql, type Kysely } from 'kysely';

/**
 * contacts_email_pattern_idx (0007) answers equality on email_normalized too, so the older
 * partial index only cost every contact insert and update one more index entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS contacts_email_normalized_idx`.execute(db);
}

