import type { UserRecord } from '../types';
import type { ContractStore } from './harness';

let counter = 0;

/** Creates a user with a unique e-mail (the hash is a placeholder: these tests never log in). */
export async function makeUser(store: Pick<ContractStore, 'users'>, name = 'Test User'): Promise<UserRecord> {
  counter += 1;
  return store.users.create({ email: `user${counter}@example.test`, name, passwordHash: 'not-a-real-hash' });
}
