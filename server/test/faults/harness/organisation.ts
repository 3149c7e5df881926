import type { LoginResponse } from '@beacon/protocol';
import { hashPassword } from '../../../src/auth/passwords';
import { databaseFile, settleOrgDomain } from '../../../src/config/data-dir';
import { openSqliteStore } from '../../../src/store/sqlite';
import type { Store } from '../../../src/store/types';

export const FAULT_DOMAIN = 'faults.test';
export const FAULT_PASSWORD = 'fault-test-password';

export interface OrgUser {
  id: string;
  email: string;
}

/**
 * A fresh organisation of `count` users in `dataDir`, written through the store before
 * the server starts. One password hash is computed and shared, so setup stays fast.
 */
export async function createOrganisation(dataDir: string, count: number): Promise<OrgUser[]> {
  const store = openSqliteStore(databaseFile(dataDir));
  try {
    return await createOrganisationIn(store, count);
  } finally {
    await store.close();
  }
}

/** The same organisation written through any store (the cluster tests' PostgreSQL); the caller closes it. */
export async function createOrganisationIn(store: Store, count: number): Promise<OrgUser[]> {
  await settleOrgDomain(store, { domain: FAULT_DOMAIN });
  const passwordHash = await hashPassword(FAULT_PASSWORD);
  const users: OrgUser[] = [];
  for (let i = 0; i < count; i++) {
    const email = `user${String(i).padStart(2, '0')}@${FAULT_DOMAIN}`;
    const user = await store.users.create({ email, name: `Fault User ${i}`, passwordHash });
    users.push({ id: user.id, email });
  }
  return users;
}

/** POST /api/auth/login, as the app signs in. */
export async function login(url: string, email: string, password = FAULT_PASSWORD): Promise<LoginResponse> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body: unknown = await response.json();
  if (response.status !== 200)
    throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(body)}`);
  return body as LoginResponse;
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
