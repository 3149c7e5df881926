import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginService } from '../auth/login';
import { SessionService } from '../auth/sessions';
import { FAST_SCRYPT_PARAMS } from '../auth/testing';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { DEMO_DOMAIN, DEMO_PASSWORD, DEMO_PEOPLE, seedDemo } from './seed';

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

const seed = () => seedDemo(store, { hashParams: FAST_SCRYPT_PARAMS });

async function idOf(email: string): Promise<string> {
  const user = await store.users.byEmail(email);
  if (!user) throw new Error(`${email} missing`);
  return user.id;
}

describe('demo seed', () => {
  it('creates the acme.test organisation with the required people', async () => {
    await seed();
    const users = await store.users.list();
    expect(DEMO_DOMAIN).toBe('acme.test');
    expect(users.map((u) => [u.email, u.name])).toEqual(
      expect.arrayContaining([
        ['alice@acme.test', 'Alice Archer'],
        ['bob@acme.test', 'Bob Baker'],
        ['carol@acme.test', 'Carol Chen'],
        ['dave@acme.test', 'Dave Diaz'],
      ]),
    );
    expect(users.length).toBeGreaterThanOrEqual(8);
    expect(users.every((u) => u.email.endsWith('@acme.test') && !u.disabled)).toBe(true);
  });

  it('lets every demo user log in with the demo password', async () => {
    await seed();
    const login = new LoginService({
      store,
      sessions: new SessionService(store),
      hashParams: FAST_SCRYPT_PARAMS,
    });
    for (const person of DEMO_PEOPLE) {
      const result = await login.login({ email: person.email, password: DEMO_PASSWORD, address: 'x' });
      expect(result.ok, person.email).toBe(true);
    }
  });

  it('gives each demo user the others as contacts', async () => {
    await seed();
    const alice = await idOf('alice@acme.test');
    const contacts = await store.contacts.list(alice);
    expect(contacts).toHaveLength(DEMO_PEOPLE.length - 1);
    expect(contacts).not.toContain(alice);
    expect(contacts[0]).toBe(await idOf('bob@acme.test'));
  });

  it('is idempotent and respects later changes', async () => {
    await seed();
    const before = await store.users.list();
    const alice = await idOf('alice@acme.test');
    const bob = await idOf('bob@acme.test');
    await store.contacts.remove(alice, bob);
    await store.users.setDisabled(bob, true);
    await store.users.setPasswordHash(alice, 'changed');

    await seed();
    await seed();
    const after = await store.users.list();
    expect(after.map((u) => u.id)).toEqual(before.map((u) => u.id));
    expect(await store.contacts.list(alice)).not.toContain(bob);
    expect((await store.users.byId(bob))?.disabled).toBe(true);
    expect((await store.users.byId(alice))?.passwordHash).toBe('changed');
  });

  it('recreates a missing demo user and gives only that one its contacts', async () => {
    await store.users.create({ email: 'alice@acme.test', name: 'Alice Archer', passwordHash: 'h' });
    await seed();
    const alice = await idOf('alice@acme.test');
    const carol = await idOf('carol@acme.test');
    expect(await store.contacts.list(carol)).toContain(alice);
    // Alice existed but had never been seeded: she gets her contacts once too.
    expect(await store.contacts.list(alice)).toContain(carol);
    expect((await store.users.byId(alice))?.passwordHash).toBe('h');
  });
});
