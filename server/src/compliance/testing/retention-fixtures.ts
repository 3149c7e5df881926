import { randomUUID } from 'node:crypto';
import type { AuditActor } from '../../store/ports/audit';
import { openSqliteStore } from '../../store/sqlite';
import type { Store, UserRecord } from '../../store/types';
import { DAY_MS } from '../durations';
import type { ArchiveEntry } from '../entries';

/** The instant the tests' purges run at. */
export const NOW = Date.UTC(2026, 5, 1, 2, 0, 0);
export const ADMIN: AuditActor = { actor: 'cli:admin@test', source: 'cli', address: null };

export function daysAgo(days: number): number {
  return NOW - days * DAY_MS;
}

export interface World {
  store: Store;
  alice: UserRecord;
  bob: UserRecord;
  carol: UserRecord;
  dave: UserRecord;
}

/** A store with four users of acme.test; `file` defaults to an in-memory database. */
export async function makeWorld(file = ':memory:'): Promise<World> {
  const store = openSqliteStore(file, { now: () => NOW });
  const user = (name: string) =>
    store.users.create({ email: `${name.toLowerCase()}@acme.test`, name, passwordHash: 'not-a-real-hash' });
  return {
    store,
    alice: await user('Alice'),
    bob: await user('Bob'),
    carol: await user('Carol'),
    dave: await user('Dave'),
  };
}

export async function conversation(
  store: Store,
  kind: 'direct' | 'group',
  memberIds: string[],
  createdAt = daysAgo(400),
): Promise<string> {
  const title = kind === 'group' ? `Group ${randomUUID()}` : null;
  return (await store.conversations.create({ kind, title, memberIds, createdAt })).conversation.id;
}

export async function send(
  store: Store,
  conversationId: string,
  senderId: string,
  body: string,
  sentAt: number,
) {
  return (await store.messages.append({ conversationId, senderId, clientId: randomUUID(), body, sentAt }))
    .message;
}

/** The bodies users can still read, oldest first. */
export async function visibleBodies(store: Store, conversationId: string): Promise<string[]> {
  return (await store.messages.history(conversationId, { limit: 1000 })).messages.map(
    (message) => message.body,
  );
}

export async function archived(store: Store, chain: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for await (const entry of store.archive.entries({ chain })) entries.push(entry);
  return entries;
}

/** Removes `userId` from a group, as an admin of it would. */
export async function removeMember(
  store: Store,
  conversationId: string,
  actorId: string,
  userId: string,
  at: number,
) {
  await store.conversations.update({
    conversationId,
    actorId,
    removeMemberIds: [userId],
    maxMembers: 100,
    at,
    describe: () => 'removed',
  });
}
