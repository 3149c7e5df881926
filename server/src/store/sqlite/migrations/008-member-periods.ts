import type { Migration } from '../migrate';

/**
 * Member periods (docs/protocol-notes.md, "Conversations v2"): which seqs each member may
 * read, `from_seq ≤ seq ≤ to_seq` (to_seq NULL: still a member). `conversation_members` keeps
 * only the current members; a former member's read position and whether they hid the
 * conversation live in `former_members`. `listed = 0` marks a direct conversation someone
 * else opened that shows in this member's list only once it has a message.
 */
export const memberPeriods: Migration = {
  version: 8,
  name: 'member periods (who could read which seqs)',
  up(db) {
    db.exec(`
      CREATE TABLE member_periods (
        conversation_id TEXT NOT NULL REFERENCES conversations (id),
        user_id         TEXT NOT NULL REFERENCES users (id),
        from_seq        INTEGER NOT NULL,
        to_seq          INTEGER,
        PRIMARY KEY (conversation_id, user_id, from_seq),
        CHECK (to_seq IS NULL OR to_seq >= from_seq)
      ) WITHOUT ROWID;
      CREATE INDEX member_periods_by_user ON member_periods (user_id, conversation_id);
      -- at most one open period per member
      CREATE UNIQUE INDEX member_periods_open ON member_periods (conversation_id, user_id) WHERE to_seq IS NULL;

      INSERT INTO member_periods (conversation_id, user_id, from_seq, to_seq)
        SELECT conversation_id, user_id, 1, NULL FROM conversation_members;

      CREATE TABLE former_members (
        conversation_id TEXT NOT NULL REFERENCES conversations (id),
        user_id         TEXT NOT NULL REFERENCES users (id),
        read_seq        INTEGER NOT NULL DEFAULT 0,
        hidden          INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        PRIMARY KEY (conversation_id, user_id)
      ) WITHOUT ROWID;
      CREATE INDEX former_members_by_user ON former_members (user_id, conversation_id);

      ALTER TABLE conversation_members ADD COLUMN listed INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1));
    `);
  },
};
