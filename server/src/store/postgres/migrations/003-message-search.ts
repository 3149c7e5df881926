import type pg from 'pg';
import type { PostgresMigration } from '../migrate';

/**
 * Full-text search over the current body of every user message, with PostgreSQL's own
 * full-text search (the SQLite twin is FTS5: sqlite/migrations/009-message-search.ts).
 *
 * `message_search` keeps a copy of the current text (snippets need it; `messages.body` is the
 * first version only) with \u0002 and \u0003, the snippet's match markers, replaced by spaces,
 * and its tsvector in the `beacon_search` configuration: PostgreSQL's parser, then the
 * `unaccent` dictionary and `simple` (lower-case, no stemming, no stop words, like FTS5's
 * unicode61 with remove_diacritics). `doc` is the message's `insertion_order`, so newest first
 * is the same order on every page. Triggers keep it in step with the message log, whoever
 * writes it: a send adds the row, an edit replaces its text, a delete removes it.
 */
export const messageSearch: PostgresMigration = {
  version: 3,
  name: 'message search (full-text search with unaccent)',
  async up(client) {
    const unaccent = await unaccentSchema(client);
    await client.query(searchSql(unaccent));
  },
};

/** The schema of the `unaccent` extension: where it already is, else created in `public`, else in Beacon's own. */
async function unaccentSchema(client: pg.ClientBase): Promise<string> {
  // One database-wide lock: nodes (or test files) migrating different schemas at once would
  // otherwise race to create the one extension.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('beacon.extension.unaccent'))");
  const existing = await installedIn(client);
  if (existing !== null) return existing;
  for (const schema of ['public', null]) {
    await client.query('SAVEPOINT unaccent');
    try {
      await client.query(
        schema === null ? 'CREATE EXTENSION unaccent' : `CREATE EXTENSION unaccent SCHEMA ${schema}`,
      );
      await client.query('RELEASE SAVEPOINT unaccent');
      const created = await installedIn(client);
      if (created !== null) return created;
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT unaccent');
    }
  }
  throw new Error(
    'message search needs PostgreSQL\'s "unaccent" extension, and Beacon\'s database user may not create it: ' +
      'install it once as a superuser (CREATE EXTENSION unaccent SCHEMA public;) in this database, then start Beacon again',
  );
}

async function installedIn(client: pg.ClientBase): Promise<string | null> {
  const result = await client.query<{ schema: string }>(
    "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'",
  );
  return result.rows[0]?.schema ?? null;
}

const WORD_TOKENS =
  'asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart';

/** The markers of matches in snippets never come from a message body. */
const WITHOUT_MARKERS = (column: string) => `translate(${column}, E'\\u0002\\u0003', '  ')`;

function searchSql(unaccentSchemaName: string): string {
  return `
  CREATE TEXT SEARCH CONFIGURATION beacon_search (COPY = pg_catalog.simple);
  ALTER TEXT SEARCH CONFIGURATION beacon_search
    ALTER MAPPING FOR ${WORD_TOKENS} WITH "${unaccentSchemaName}".unaccent, pg_catalog.simple;

  CREATE TABLE message_search (
    message_id      text   PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id text   NOT NULL,
    seq             bigint NOT NULL,
    doc             bigint NOT NULL,
    body            text   NOT NULL,
    document        tsvector GENERATED ALWAYS AS (to_tsvector('beacon_search', body)) STORED
  );
  CREATE INDEX message_search_document ON message_search USING gin (document);
  CREATE INDEX message_search_conversation ON message_search (conversation_id, seq);
  CREATE INDEX message_search_doc ON message_search (doc);

  CREATE FUNCTION message_search_on_send() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    INSERT INTO message_search (message_id, conversation_id, seq, doc, body)
    VALUES (NEW.id, NEW.conversation_id, NEW.seq, NEW.insertion_order, ${WITHOUT_MARKERS('NEW.body')});
    RETURN NULL;
  END $$;
  CREATE TRIGGER message_search_on_send AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.kind = 'user') EXECUTE FUNCTION message_search_on_send();

  CREATE FUNCTION message_search_on_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    IF NEW.kind = 'edited' THEN
      UPDATE message_search SET body = ${WITHOUT_MARKERS('NEW.body')} WHERE message_id = NEW.message_id;
    ELSIF NEW.kind = 'deleted' THEN
      DELETE FROM message_search WHERE message_id = NEW.message_id;
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER message_search_on_change AFTER INSERT ON message_versions
    FOR EACH ROW WHEN (NEW.kind IN ('edited', 'deleted')) EXECUTE FUNCTION message_search_on_change();

  -- Backfill: the newest version's body of every user message not deleted.
  INSERT INTO message_search (message_id, conversation_id, seq, doc, body)
  SELECT m.id, m.conversation_id, m.seq, m.insertion_order, ${WITHOUT_MARKERS(
    `coalesce(
      (SELECT v.body FROM message_versions v WHERE v.message_id = m.id ORDER BY v.version DESC LIMIT 1),
      m.body)`,
  )}
  FROM messages m WHERE m.kind = 'user' AND m.deleted_at IS NULL;
`;
}
