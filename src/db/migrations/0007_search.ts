import { sql, type Kysely } from 'kysely';

// The columns of Mautic's catch-all search, lowercased, each between newlines (no search value
// contains one). src/contacts/search-text.ts builds its patterns on this layout.
const SEARCH_TEXT_COLUMNS = [
  'firstname', 'lastname', 'lower(btrim(email))', 'company', 'city', 'state', 'zipcode', 'country',
  'facebook', 'twitter', 'linkedin', 'instagram', 'skype', 'foursquare',
];
const SEARCH_TEXT = `E'\\n' || ${SEARCH_TEXT_COLUMNS
  .map((c) => `coalesce(translate(lower(${c}), E'\\n\\r', '  '), '')`)
  .join(` || E'\\n' || `)} || E'\\n'`;

/**
 * The contact search: a stored column holding the text free text looks through (stored, so
 * that checking a row against a pattern reads it instead of lowercasing fourteen columns),
 * with a trigram index for free text and the prefix commands on those columns. The trigram
 * index needs pg_trgm (PostgreSQL's contrib, shipped with the embedded PostgreSQL and the
 * Debian server packages; a trusted extension that a database owner may create): without it,
 * search still works, by scanning.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`
    ALTER TABLE contacts ADD COLUMN search_text text GENERATED ALWAYS AS (${SEARCH_TEXT}) STORED;

    DO $$
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
      RAISE WARNING 'pg_trgm is not available (%): contact search will scan instead of using an index', SQLERRM;
    END $$;

    DO $$
    BEGIN
      IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX contacts_search_text_trgm_idx ON contacts USING gin (search_text gin_trgm_ops) WHERE merged_into IS NULL;
      END IF;
    END $$;

    CREATE INDEX contacts_email_pattern_idx ON contacts (email_normalized text_pattern_ops);
    CREATE INDEX contacts_points_idx ON contacts (points);
    CREATE INDEX contact_ips_host_idx ON contact_ips (host(ip) text_pattern_ops);
  `).execute(db);
}
