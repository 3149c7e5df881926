import type { Migration } from '../migrate';

/**
 * Webhooks (docs/integrations.md, "Webhooks"): the registered URLs, the delivery queue (one row
 * per webhook and event until it is delivered, so a restart loses none) and the log of every
 * attempt. The secret is kept as given: signing needs it, a hash would not do.
 */
export const webhooks: Migration = {
  version: 5,
  name: 'webhooks',
  up(db) {
    db.exec(`
      CREATE TABLE webhooks (
        id              TEXT PRIMARY KEY,
        url             TEXT NOT NULL,
        -- space-separated, e.g. 'presence.changed message.created'
        events          TEXT NOT NULL,
        secret          TEXT NOT NULL,
        created_at      INTEGER NOT NULL,
        -- when the current run of consecutive failed attempts began; null after a success
        failing_since   INTEGER,
        disabled_at     INTEGER,
        disabled_reason TEXT
      );
      CREATE TABLE webhook_deliveries (
        webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id        TEXT NOT NULL,
        -- the exact JSON body; signed anew at each attempt
        body            TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        PRIMARY KEY (webhook_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at);
      CREATE TABLE webhook_attempts (
        id          INTEGER PRIMARY KEY,
        webhook_id  TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id    TEXT NOT NULL,
        attempt     INTEGER NOT NULL,
        -- the receiver's HTTP status; null when there was no response
        status      INTEGER,
        at          INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL,
        error       TEXT
      );
      CREATE INDEX webhook_attempts_by_webhook ON webhook_attempts (webhook_id, id);
    `);
  },
};
