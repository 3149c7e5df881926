import type { Migration } from '../migrate';

/** Users, sessions, contacts, conversations and the message log. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL,
        -- name folded (lower-cased, accents stripped) for directory search
        name_key      TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at    INTEGER NOT NULL
      );

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      -- rowid keeps the order in which contacts were added
      CREATE TABLE contacts (
        owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        contact_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        UNIQUE (owner_id, contact_id)
      );

      CREATE TABLE conversations (
        id               TEXT PRIMARY KEY,
        kind             TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
        title            TEXT,
        -- sorted member ids of a direct conversation: one conversation per pair
        direct_key       TEXT UNIQUE,
        last_seq         INTEGER NOT NULL DEFAULT 0,
        last_activity_at INTEGER NOT NULL,
        created_at       INTEGER NOT NULL,
        CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
      );

      CREATE TABLE conversation_members (
        conversation_id TEXT NOT NULL REFERENCES conversations (id),
        user_id         TEXT NOT NULL REFERENCES users (id),
        position        INTEGER NOT NULL,
        read_seq        INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (conversation_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX conversation_members_by_user ON conversation_members (user_id, conversation_id);

      CREATE TABLE messages (
        conversation_id TEXT NOT NULL REFERENCES conversations (id),
        seq             INTEGER NOT NULL CHECK (seq > 0),
        id              TEXT NOT NULL UNIQUE,
        sender_id       TEXT NOT NULL REFERENCES users (id),
        client_id       TEXT NOT NULL,
        body            TEXT NOT NULL,
        sent_at         INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE UNIQUE INDEX messages_idempotency ON messages (conversation_id, sender_id, client_id);

      -- the message log is a compliance record
      CREATE TRIGGER messages_are_never_deleted BEFORE DELETE ON messages
      BEGIN
        SELECT RAISE(ABORT, 'messages are a compliance record and are never deleted');
      END;
    `);
  },
};
