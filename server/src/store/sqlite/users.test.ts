import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { openSqliteStore } from './index';
import { tempDirs } from './testing/temp-files';

// The users repository's behaviour is the store contract's (contract/users.contract.test.ts);
// here only what needs SQLite itself: a column written behind the store's back.
const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('users (SQLite)', () => {
  it('grants nothing for a role it does not know, whatever the column holds', async () => {
    const file = join(dirs.make(), 'roles.db');
    const first = openSqliteStore(file);
    const user = await first.users.create({ email: 'odd@acme.test', name: 'Odd', passwordHash: 'h' });
    await first.close();
    const db = openDatabase(file);
    db.prepare('UPDATE users SET roles = ? WHERE id = ?').run('["superuser","admin",7]', user.id);
    db.close();
    const reopened = openSqliteStore(file);
    try {
      expect((await reopened.users.byId(user.id))?.roles).toEqual(['admin']);
    } finally {
      await reopened.close();
    }
  });
});
