import type { Migration } from '../migrate';

/**
 * Messages v2: edit and delete as versions, replies, reactions, mentions, system messages.
 * `messages.body` stays the first version for good; the current body is the newest row of
 * `message_versions`, which is append-only (the compliance archive reads every version).
 * Existing messages get their version 1 (`sent`) here, new ones from a trigger.
 */
export const messagesV2: Migration = {
  version: 7,
  name: 'messages v2 (versions, replies, reactions, mentions)',
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'user' CHECK (kind IN ('user', 'system'));
      -- JSON of the system event ({ action, actorId, userIds, title }) when kind = 'system'
      ALTER TABLE messages ADD COLUMN system TEXT;
      ALTER TABLE messages ADD COLUMN reply_to_id TEXT;
      -- JSON array of the mentioned user ids of the current version
      ALTER TABLE messages ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE messages ADD COLUMN edited_at INTEGER;
      ALTER TABLE messages ADD COLUMN deleted_at INTEGER;

      CREATE TABLE message_versions (
        message_id TEXT NOT NULL REFERENCES messages (id),
        version    INTEGER NOT NULL CHECK (version > 0),
        kind       TEXT NOT NULL CHECK (kind IN ('sent', 'edited', 'deleted')),
        body       TEXT NOT NULL,
        at         INTEGER NOT NULL,
        actor_id   TEXT NOT NULL,
        PRIMARY KEY (message_id, version)
      ) WITHOUT ROWID;

      INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
        SELECT id, 1, 'sent', body, sent_at, sender_id FROM messages;
      -- version 1 of every message, whoever appends it, in the append's own transaction
      CREATE TRIGGER message_versions_first AFTER INSERT ON messages
      BEGIN
        INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
        VALUES (NEW.id, 1, 'sent', NEW.body, NEW.sent_at, NEW.sender_id);
      END;

      CREATE TRIGGER message_versions_are_never_changed BEFORE UPDATE ON message_versions
      BEGIN
        SELECT RAISE(ABORT, 'message versions are a compliance record and are never changed');
      END;
      CREATE TRIGGER message_versions_are_never_deleted BEFORE DELETE ON message_versions
      BEGIN
        SELECT RAISE(ABORT, 'message versions are a compliance record and are never deleted');
      END;
      -- the first version stays where v1 readers (and the archive) expect it
      CREATE TRIGGER message_bodies_are_never_changed BEFORE UPDATE OF body ON messages
      BEGIN
        SELECT RAISE(ABORT, 'messages.body is the first version and is never changed');
      END;

      -- rowid keeps the order in which reactions were added
      CREATE TABLE message_reactions (
        message_id TEXT NOT NULL REFERENCES messages (id),
        user_id    TEXT NOT NULL REFERENCES users (id),
        emoji      TEXT NOT NULL,
        at         INTEGER NOT NULL,
        PRIMARY KEY (message_id, user_id, emoji)
      );
    `);
  },
};
