import type { Migration } from '../migrate';

/**
 * Full-text search over the current body of every user message (docs/protocol-notes.md, "Search").
 *
 * `message_fts` keeps its own copy of the text (snippets need it; `messages.body` is the first
 * version only). Its rowid is its own counter, assigned in send order, so "newest first" is a
 * descending rowid scan FTS5 does without sorting; it does not rely on `messages.rowid`, which
 * VACUUM may renumber. `message_search_docs` maps a message to its row (for edits, deletes and
 * paging), and hands out the next number.
 *
 * Columns: `body` (indexed text; the control characters \u0002 and \u0003 that mark matches in
 * snippets are replaced by spaces), `scope` (one token per conversation, `c` + hex of its id, so
 * a search restricted to conversations intersects doclists instead of filtering rows), and the
 * unindexed `message_id`, `conversation_id`, `seq` for the member-period check.
 */
export const messageSearch: Migration = {
  version: 9,
  name: 'message search (FTS5)',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE message_fts USING fts5 (
        body,
        scope,
        message_id UNINDEXED,
        conversation_id UNINDEXED,
        seq UNINDEXED,
        tokenize = "unicode61 remove_diacritics 2",
        prefix = '2 3'
      );
      -- Ranking by relevance weighs the text only: the scope token says nothing about it.
      INSERT INTO message_fts (message_fts, rank) VALUES ('rank', 'bm25(1.0, 0.0)');

      -- A deleted message keeps its row (its doc is never reused), so paging past it still works.
      CREATE TABLE message_search_docs (
        message_id TEXT PRIMARY KEY,
        doc        INTEGER NOT NULL UNIQUE
      ) WITHOUT ROWID;

      CREATE TRIGGER message_search_on_send AFTER INSERT ON messages
      WHEN NEW.kind = 'user'
      BEGIN
        INSERT INTO message_search_docs (message_id, doc)
        VALUES (NEW.id, (SELECT coalesce(max(doc), 0) + 1 FROM message_search_docs));
        INSERT INTO message_fts (rowid, body, scope, message_id, conversation_id, seq)
        VALUES (
          (SELECT doc FROM message_search_docs WHERE message_id = NEW.id),
          replace(replace(NEW.body, char(2), ' '), char(3), ' '),
          'c' || lower(hex(NEW.conversation_id)),
          NEW.id, NEW.conversation_id, NEW.seq
        );
      END;

      CREATE TRIGGER message_search_on_edit AFTER INSERT ON message_versions
      WHEN NEW.kind = 'edited'
      BEGIN
        UPDATE message_fts SET body = replace(replace(NEW.body, char(2), ' '), char(3), ' ')
        WHERE rowid = (SELECT doc FROM message_search_docs WHERE message_id = NEW.message_id);
      END;

      CREATE TRIGGER message_search_on_delete AFTER INSERT ON message_versions
      WHEN NEW.kind = 'deleted'
      BEGIN
        DELETE FROM message_fts
        WHERE rowid = (SELECT doc FROM message_search_docs WHERE message_id = NEW.message_id);
      END;

      -- Backfill, in send order: the newest version's body of every user message not deleted.
      INSERT INTO message_search_docs (message_id, doc)
      SELECT id, row_number() OVER (ORDER BY rowid) FROM messages WHERE kind = 'user';
      INSERT INTO message_fts (rowid, body, scope, message_id, conversation_id, seq)
      SELECT
        d.doc,
        replace(replace(
          coalesce(
            (SELECT v.body FROM message_versions AS v WHERE v.message_id = m.id ORDER BY v.version DESC LIMIT 1),
            m.body
          ), char(2), ' '), char(3), ' '),
        'c' || lower(hex(m.conversation_id)),
        m.id, m.conversation_id, m.seq
      FROM message_search_docs AS d
      JOIN messages AS m ON m.id = d.message_id
      WHERE m.deleted_at IS NULL
      ORDER BY d.doc;
    `);
  },
};
