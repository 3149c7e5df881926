import { hashPassword, type ScryptParams } from '../auth/passwords';
import { DuplicateError, type Store, type UserRecord } from '../store/types';

export const DEMO_DOMAIN = 'acme.test';
export const DEMO_PASSWORD = 'beacon-demo';

export const DEMO_PEOPLE: ReadonlyArray<{ email: string; name: string }> = [
  { email: 'alice@acme.test', name: 'Alice Archer' },
  { email: 'bob@acme.test', name: 'Bob Baker' },
  { email: 'carol@acme.test', name: 'Carol Chen' },
  { email: 'dave@acme.test', name: 'Dave Diaz' },
  { email: 'erin@acme.test', name: 'Erin Evans' },
  { email: 'frank@acme.test', name: 'Frank Fischer' },
  { email: 'grace@acme.test', name: 'Grace Green' },
  { email: 'henry@acme.test', name: 'Henry Hughes' },
];

/** Set once a demo user got its starting contacts, so contacts removed later stay removed. */
const contactsSeededKey = (userId: string) => `demo.contacts-seeded.${userId}`;

/**
 * Seeds the demo organisation; safe to run on every start. Missing demo users are
 * created with the demo password; each demo user gets the other demo users as
 * contacts once. Existing users are otherwise left alone: a changed password, a
 * disabled account or a removed contact stays that way.
 */
export async function seedDemo(store: Store, options: { hashParams?: ScryptParams } = {}): Promise<void> {
  const existing = await Promise.all(DEMO_PEOPLE.map((person) => store.users.byEmail(person.email)));
  const missing = DEMO_PEOPLE.filter((_, index) => existing[index] === null);
  // Hash in parallel (libuv's pool): the first start should not take a second per user.
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD, options.hashParams)));
  const created = new Map<string, UserRecord>();
  for (const [index, person] of missing.entries()) {
    const passwordHash = hashes[index];
    if (passwordHash === undefined) continue;
    created.set(person.email, await createOrFind(store, { ...person, passwordHash }));
  }
  const users = DEMO_PEOPLE.map((person, index) => existing[index] ?? created.get(person.email)).filter(
    (user): user is UserRecord => user !== undefined && user !== null,
  );

  for (const user of users) {
    if ((await store.settings.get(contactsSeededKey(user.id))) !== null) continue;
    for (const other of users) {
      if (other.id !== user.id) await store.contacts.add(user.id, other.id);
    }
    await store.settings.set(contactsSeededKey(user.id), 'yes');
  }
}

/** Another process seeding at the same moment may have created the user first. */
async function createOrFind(store: Store, user: { email: string; name: string; passwordHash: string }) {
  try {
    return await store.users.create(user);
  } catch (error) {
    const found = error instanceof DuplicateError ? await store.users.byEmail(user.email) : null;
    if (!found) throw error;
    return found;
  }
}
