import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { tempDirs } from './testing/temp-files';

// Messages v2's behaviour is the store contract's (contract/messages-v2.contract.test.ts); here
// only what needs SQLite itself: its migration of messages stored before version 7.
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('message versions (SQLite)', () => {
  it('backfills version 1 for messages stored before version 7', async () => {
    const oldFile = join(dirs.make(), 'old.db');
    const db = new Database(oldFile);
    migrate(db, MIGRATIONS.slice(0, 6));
    db.exec(`
      INSERT INTO users (id, email, name, name_key, password_hash, disabled, created_at)
        VALUES ('u1', 'u1@acme.test', 'U1', 'u1', 'h', 0, 1);
      INSERT INTO conversations (id, kind, title, direct_key, last_seq, last_activity_at, created_at)
        VALUES ('c1', 'group', 'Old', NULL, 1, 1, 1);
      INSERT INTO conversation_members (conversation_id, user_id, position) VALUES ('c1', 'u1', 0);
      INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at)
        VALUES ('c1', 1, 'm1', 'u1', 'k1', 'from v1', 7);
    `);
    migrate(db, MIGRATIONS.slice(0, 7));
    expect(
      db.prepare('SELECT message_id, version, kind, body, at, actor_id FROM message_versions').all(),
    ).toEqual([{ message_id: 'm1', version: 1, kind: 'sent', body: 'from v1', at: 7, actor_id: 'u1' }]);
    db.close();
  });
});
