import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ArchiveEntry } from '../../compliance/entries';
import { loadPublicKeys } from '../../compliance/signing-key';
import { verifyArchive } from '../../compliance/verify';
import { openDatabase } from './database';
import { openSqliteStore } from './index';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('an archive created in a database that already has conversations', () => {
  it('starts with what the database holds, marked as backfilled, and verifies', async () => {
    const dataDir = dirs.make();
    const file = join(dataDir, 'beacon.db');
    const old = openDatabase(file);
    migrate(old, MIGRATIONS.slice(0, 11));
    old.exec(`
      INSERT INTO users (id, email, name, name_key, password_hash, created_at)
        VALUES ('u1', 'alice@acme.test', 'Alice', 'alice', 'x', 1), ('u2', 'bob@acme.test', 'Bob', 'bob', 'x', 1);
      INSERT INTO conversations (id, kind, title, direct_key, last_seq, last_activity_at, created_at)
        VALUES ('c1', 'direct', NULL, 'u1 u2', 2, 20, 10);
      INSERT INTO conversation_members (conversation_id, user_id, position) VALUES ('c1', 'u1', 0), ('c1', 'u2', 1);
      INSERT INTO messages (conversation_id, seq, id, sender_id, client_id, body, sent_at)
        VALUES ('c1', 1, 'm1', 'u1', 'k1', 'old message', 11), ('c1', 2, 'm2', 'u2', 'k2', 'reply', 12);
      INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
        VALUES ('m1', 2, 'edited', 'old message, edited', 15, 'u1');
    `);
    old.close();

    const store = openSqliteStore(file);
    try {
      const entries: ArchiveEntry[] = [];
      for await (const entry of store.archive.entries({ chain: 'c1' })) entries.push(entry);
      expect(entries.map((entry) => [entry.kind, entry.messageId, entry.payload.backfilled])).toEqual([
        ['conversation.created', null, true],
        ['message.sent', 'm1', true],
        ['message.edited', 'm1', true],
        ['message.sent', 'm2', true],
      ]);
      expect(entries[1]?.payload).toMatchObject({
        body: 'old message',
        actor: { id: 'u1', email: 'alice@acme.test', name: 'Alice' },
        recipients: [{ id: 'u2', email: 'bob@acme.test', name: 'Bob' }],
      });
      expect(await verifyArchive(store, loadPublicKeys(dataDir))).toMatchObject({ ok: true, entries: 4 });
    } finally {
      await store.close();
    }
  });
});
