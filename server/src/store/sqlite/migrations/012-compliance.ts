import { backfillArchive } from '../archive-backfill';
import type { Migration } from '../migrate';

/**
 * Compliance records (docs/compliance.md): the append-only archive with its hash chains, the
 * signed manifests of the chain heads, the audit log of administrative actions, roles,
 * retention policies and legal holds.
 *
 * - `archive_entries`: one chain per conversation (`chain` = the conversation id). `chain_seq`
 *   is gapless from 1 within a chain (a purge removes a prefix and says so in a `purge` entry);
 *   `hash` = SHA-256 over the canonical JSON (RFC 8785) of the entry with `prev_hash`.
 *   `payload` is that canonical JSON's payload part, stored as written.
 * - `archive_manifests`: the heads of every chain (and of the audit log) at `covers_until`,
 *   signed with the server's Ed25519 key; `heads` is canonical JSON.
 * - `audit_log`: one chain of its own, gapless `seq` from 1, never purged by message retention.
 * - Conversations and messages that exist already are written into the archive once, here
 *   (archive-backfill.ts).
 * - `retention_purge_guard`: message versions (what users see of edits) may be deleted by a
 *   retention purge only; the archive keeps them as long as its own retention says.
 */
export const compliance: Migration = {
  version: 12,
  name: 'compliance archive, manifests, audit log, roles, retention and legal holds',
  up(db) {
    db.exec(`
      CREATE TABLE archive_entries (
        chain           TEXT    NOT NULL,
        chain_seq       INTEGER NOT NULL CHECK (chain_seq >= 1),
        at              INTEGER NOT NULL,
        kind            TEXT    NOT NULL,
        conversation_id TEXT,
        actor_id        TEXT,
        message_id      TEXT,
        payload         TEXT    NOT NULL,
        prev_hash       TEXT    NOT NULL,
        hash            TEXT    NOT NULL,
        PRIMARY KEY (chain, chain_seq)
      ) WITHOUT ROWID;
      CREATE INDEX archive_entries_at ON archive_entries (at);
      CREATE INDEX archive_entries_message ON archive_entries (message_id) WHERE message_id IS NOT NULL;

      CREATE TABLE archive_manifests (
        id           INTEGER PRIMARY KEY,
        created_at   INTEGER NOT NULL,
        covers_until INTEGER NOT NULL,
        heads        TEXT    NOT NULL,
        key_id       TEXT    NOT NULL,
        signature    TEXT    NOT NULL
      );
      CREATE INDEX archive_manifests_until ON archive_manifests (covers_until);

      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
        at        INTEGER NOT NULL,
        actor     TEXT    NOT NULL,
        source    TEXT    NOT NULL,
        address   TEXT,
        action    TEXT    NOT NULL,
        target    TEXT,
        details   TEXT    NOT NULL,
        prev_hash TEXT    NOT NULL,
        hash      TEXT    NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log (at);

      ALTER TABLE users ADD COLUMN roles TEXT NOT NULL DEFAULT '[]';

      CREATE TABLE retention_policies (
        scope       TEXT PRIMARY KEY CHECK (scope IN ('all', 'direct', 'group')),
        messages_ms INTEGER CHECK (messages_ms IS NULL OR messages_ms >= 0),
        archive_ms  INTEGER CHECK (archive_ms IS NULL OR archive_ms >= 0),
        updated_at  INTEGER NOT NULL,
        updated_by  TEXT    NOT NULL
      );

      CREATE TABLE legal_holds (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('user', 'conversation')),
        target_id   TEXT NOT NULL,
        case_name   TEXT NOT NULL,
        reason      TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        created_by  TEXT NOT NULL,
        released_at INTEGER,
        released_by TEXT
      );
      CREATE INDEX legal_holds_active ON legal_holds (kind, target_id) WHERE released_at IS NULL;

      -- Messages and their versions may now go, but only through a retention purge: the purge
      -- inserts its row here, deletes, and removes it in the same transaction; any other delete is
      -- still refused. The archive keeps what it records for as long as its own retention says.
      CREATE TABLE retention_purge_guard (id INTEGER PRIMARY KEY CHECK (id = 1));
      DROP TRIGGER message_versions_are_never_deleted;
      CREATE TRIGGER message_versions_are_never_deleted BEFORE DELETE ON message_versions
      WHEN NOT EXISTS (SELECT 1 FROM retention_purge_guard)
      BEGIN
        SELECT RAISE(ABORT, 'message versions are a compliance record and are never deleted but by a retention purge');
      END;
      DROP TRIGGER messages_are_never_deleted;
      CREATE TRIGGER messages_are_never_deleted BEFORE DELETE ON messages
      WHEN NOT EXISTS (SELECT 1 FROM retention_purge_guard)
      BEGIN
        SELECT RAISE(ABORT, 'messages are a compliance record and are never deleted but by a retention purge');
      END;
    `);
    // A database from before the archive: what it already holds goes in first, marked as backfilled.
    backfillArchive(db);
  },
};
