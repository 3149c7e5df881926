import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateError, type Store } from '../types';
import { openDatabase } from './database';
import { openSqliteStore } from './index';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
let clock = 1_000;
let store: Store;

beforeEach(() => {
  clock = 1_000;
  store = openSqliteStore(join(dirs.make(), 'beacon.db'), { now: () => clock });
});
afterEach(async () => {
  await store.close();
  dirs.cleanup();
});

const newUser = (email: string, name: string) => ({ email, name, passwordHash: 'scrypt$hash' });

describe('users', () => {
  it('keeps roles: given at creation, replaced, cleared, each once in a fixed order', async () => {
    const admin = await store.users.create({
      ...newUser('ada@acme.test', 'Ada'),
      roles: ['compliance', 'admin', 'compliance'],
    });
    expect(admin.roles).toEqual(['admin', 'compliance']);
    expect((await store.users.byId(admin.id))?.roles).toEqual(['admin', 'compliance']);
    const member = await store.users.create(newUser('max@acme.test', 'Max'));
    expect((await store.users.byEmail('max@acme.test'))?.roles).toEqual([]);

    await store.users.setRoles(member.id, ['compliance']);
    await store.users.setRoles(admin.id, []);
    const roles = Object.fromEntries((await store.users.list()).map((user) => [user.email, user.roles]));
    expect(roles).toEqual({ 'ada@acme.test': [], 'max@acme.test': ['compliance'] });
  });

  it('grants nothing for a role it does not know, whatever the column holds', async () => {
    const file = join(dirs.make(), 'roles.db');
    const first = openSqliteStore(file);
    const user = await first.users.create(newUser('odd@acme.test', 'Odd'));
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

  it('creates a user and finds it by id and by e-mail', async () => {
    const created = await store.users.create(newUser('Alice@Acme.Test', 'Alice Archer'));
    expect(created).toEqual({
      id: expect.any(String),
      email: 'alice@acme.test',
      name: 'Alice Archer',
      passwordHash: 'scrypt$hash',
      disabled: false,
      createdAt: 1_000,
      roles: [],
    });
    expect(await store.users.byId(created.id)).toEqual(created);
    expect(await store.users.byEmail('alice@acme.test')).toEqual(created);
    expect(await store.users.byEmail('ALICE@acme.test')).toEqual(created);
    expect(await store.users.byId('nope')).toBeNull();
    expect(await store.users.byEmail('nobody@acme.test')).toBeNull();
  });

  it('refuses a second user with the same e-mail, whatever its case', async () => {
    await store.users.create(newUser('bob@acme.test', 'Bob'));
    await expect(store.users.create(newUser('BOB@acme.test', 'Bobby'))).rejects.toBeInstanceOf(
      DuplicateError,
    );
    expect(await store.users.list()).toHaveLength(1);
  });

  it('returns users by ids in the order asked, skipping unknown ids and repeats', async () => {
    const a = await store.users.create(newUser('a@acme.test', 'A'));
    const b = await store.users.create(newUser('b@acme.test', 'B'));
    const c = await store.users.create(newUser('c@acme.test', 'C'));
    const found = await store.users.byIds([c.id, 'missing', a.id, c.id, b.id]);
    expect(found.map((u) => u.id)).toEqual([c.id, a.id, b.id]);
    expect(await store.users.byIds([])).toEqual([]);
  });

  it('lists every user, disabled ones included, by e-mail', async () => {
    await store.users.create(newUser('zed@acme.test', 'Zed'));
    const amy = await store.users.create(newUser('amy@acme.test', 'Amy'));
    await store.users.setDisabled(amy.id, true);
    const list = await store.users.list();
    expect(list.map((u) => [u.email, u.disabled])).toEqual([
      ['amy@acme.test', true],
      ['zed@acme.test', false],
    ]);
  });

  describe('search', () => {
    beforeEach(async () => {
      await store.users.create(newUser('alice@acme.test', 'Alice Archer'));
      await store.users.create(newUser('bob@acme.test', 'Bob Baker'));
      await store.users.create(newUser('emile@acme.test', 'Émile Müller'));
      await store.users.create(newUser('percent@acme.test', '100% Sure'));
      await store.users.create(newUser('under_score@acme.test', 'Under Score'));
      const gone = await store.users.create(newUser('gone@acme.test', 'Alice Gone'));
      await store.users.setDisabled(gone.id, true);
    });

    const names = async (query: string, limit = 20) =>
      (await store.users.search(query, limit)).map((u) => u.name);

    it('matches name or e-mail case-insensitively, enabled users only, ordered by name', async () => {
      expect(await names('ALICE')).toEqual(['Alice Archer']);
      expect(await names('bob@')).toEqual(['Bob Baker']);
      // every e-mail contains "a" (acme): all enabled users, by name
      expect(await names('a')).toEqual([
        '100% Sure',
        'Alice Archer',
        'Bob Baker',
        'Émile Müller',
        'Under Score',
      ]);
    });

    it('ignores accents and surrounding spaces', async () => {
      expect(await names('  muller ')).toEqual(['Émile Müller']);
      expect(await names('ÉMILE')).toEqual(['Émile Müller']);
    });

    it('treats LIKE wildcards literally', async () => {
      expect(await names('%')).toEqual(['100% Sure']);
      expect(await names('_')).toEqual(['Under Score']);
      expect(await names('r_s')).toEqual(['Under Score']);
    });

    it('honours the limit', async () => {
      expect(await names('a', 2)).toEqual(['100% Sure', 'Alice Archer']);
      expect(await names('a', 0)).toEqual([]);
    });

    it('finds a renamed user by the new name only', async () => {
      const bob = await store.users.byEmail('bob@acme.test');
      if (!bob) throw new Error('bob missing');
      await store.users.setName(bob.id, 'Robert Zimmer');
      expect(await names('zimmer')).toEqual(['Robert Zimmer']);
      expect(await names('baker')).toEqual([]);
    });
  });

  it('disables and re-enables a user, recording when it was disabled', async () => {
    const carol = await store.users.create(newUser('carol@acme.test', 'Carol'));
    const dave = await store.users.create(newUser('dave@acme.test', 'Dave'));
    clock = 5_000;
    await store.users.setDisabled(carol.id, true);
    clock = 6_000;
    await store.users.setDisabled(dave.id, true);
    expect((await store.users.byId(carol.id))?.disabled).toBe(true);
    expect(await store.users.listDisabledSince(0)).toEqual([
      { id: carol.id, disabledAt: 5_000 },
      { id: dave.id, disabledAt: 6_000 },
    ]);
    expect(await store.users.listDisabledSince(6_000)).toEqual([{ id: dave.id, disabledAt: 6_000 }]);
    expect(await store.users.listDisabledSince(6_001)).toEqual([]);

    clock = 7_000;
    await store.users.setDisabled(carol.id, true);
    expect(await store.users.listDisabledSince(6_500)).toEqual([]);

    await store.users.setDisabled(dave.id, false);
    expect((await store.users.byId(dave.id))?.disabled).toBe(false);
    expect(await store.users.listDisabledSince(0)).toEqual([{ id: carol.id, disabledAt: 5_000 }]);
  });

  it('changes the password hash', async () => {
    const erin = await store.users.create(newUser('erin@acme.test', 'Erin'));
    await store.users.setPasswordHash(erin.id, 'scrypt$new');
    expect((await store.users.byId(erin.id))?.passwordHash).toBe('scrypt$new');
  });
});
