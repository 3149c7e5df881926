import type { Migration } from '../migrate';

/**
 * Integration tokens (docs/integrations.md): a name, scopes and the SHA-256 of the token,
 * never the token. A revoked row is kept (for `integration list`); a name is unique among
 * the integrations that are not revoked.
 */
export const integrationTokens: Migration = {
  version: 4,
  name: 'integration tokens',
  up(db) {
    db.exec(`
      CREATE TABLE integrations (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        -- space-separated, e.g. 'presence:read presence:write'
        scopes     TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        rotated_at INTEGER,
        revoked_at INTEGER
      );
      CREATE UNIQUE INDEX integrations_active_name ON integrations (name) WHERE revoked_at IS NULL;
    `);
  },
};
