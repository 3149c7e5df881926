import type { Migration } from '../migrate';

/**
 * Uploaded files and their virus scans (docs/protocol-notes.md, "Files"). A file's bytes live
 * in the blob store, addressed by `sha256`; this table holds what the server knows about them.
 * `message_attachments` says which messages carry which files, in order.
 */
export const files: Migration = {
  version: 10,
  name: 'files and virus scans',
  up(db) {
    db.exec(`
      CREATE TABLE files (
        id          TEXT PRIMARY KEY,
        uploader_id TEXT NOT NULL REFERENCES users (id),
        name        TEXT NOT NULL,
        size        INTEGER NOT NULL,
        mime        TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        scan        TEXT NOT NULL CHECK (scan IN ('pending', 'clean', 'infected')),
        scanned_at  INTEGER,
        scan_detail TEXT,
        thumbnail   INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX files_uploader ON files (uploader_id, created_at);
      CREATE INDEX files_pending ON files (created_at) WHERE scan = 'pending';
      CREATE INDEX files_sha256 ON files (sha256);
      CREATE TABLE message_attachments (
        message_id TEXT NOT NULL REFERENCES messages (id),
        file_id    TEXT NOT NULL REFERENCES files (id),
        position   INTEGER NOT NULL,
        PRIMARY KEY (message_id, position)
      );
      CREATE INDEX message_attachments_file ON message_attachments (file_id);
    `);
  },
};
