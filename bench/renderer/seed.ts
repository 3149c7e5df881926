import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { hashPassword } from '../../server/src/auth/passwords';
import type { PresenceService } from '../../server/src/presence/service';
import type { Store } from '../../server/src/store/types';
import {
  createRandom,
  type GeneratedMessage,
  generateHistory,
  personEmail,
  personName,
  randomPresence,
  seqMarker,
} from './generate';

export const BENCH_PASSWORD = 'bench-password-1';

export interface SeededPerson {
  id: string;
  name: string;
  email: string;
}

export interface SeededWorld {
  me: SeededPerson;
  /** The partner of the big conversation (also a contact). */
  partner: SeededPerson;
  /** The partner of a small conversation, used to switch away and back. */
  other: SeededPerson;
  contactIds: string[];
  bigConversationId: string;
  smallConversationId: string;
  messageCount: number;
  /** Messages in the small conversation (its newest has this seq). */
  smallMessageCount: number;
  timings: { usersMs: number; contactsMs: number; messagesMs: number };
}

export interface SeedOptions {
  contacts: number;
  messages: number;
  domain: string;
  /** The server's database file, for the bulk insert. */
  databaseFile: string;
  /** Insert messages one by one through the Store port instead of one bulk transaction. */
  viaStore: boolean;
  onProgress?(line: string): void;
}

const SMALL_CONVERSATION_MESSAGES = 30;

/**
 * Writes the benchmark organisation through the server's Store port: the benchmark user, `contacts`
 * colleagues (all real users, all contacts of the benchmark user), a direct conversation of `messages`
 * messages with the first contact and a small one with the second. Every user shares one password
 * hash, computed once.
 */
export async function seedWorld(store: Store, options: SeedOptions): Promise<SeededWorld> {
  if (options.contacts < 2) throw new Error('the benchmark needs at least 2 contacts');
  const progress = options.onProgress ?? (() => undefined);
  const passwordHash = await hashPassword(BENCH_PASSWORD);

  let started = Date.now();
  const meRecord = await store.users.create({
    email: `bench.user@${options.domain}`,
    name: 'Dana Bench',
    passwordHash,
  });
  const me: SeededPerson = { id: meRecord.id, name: meRecord.name, email: meRecord.email };
  const people: SeededPerson[] = [];
  for (let i = 0; i < options.contacts; i += 1) {
    const record = await store.users.create({
      email: personEmail(i, options.domain),
      name: personName(i),
      passwordHash,
    });
    people.push({ id: record.id, name: record.name, email: record.email });
  }
  const usersMs = Date.now() - started;
  progress(`${(options.contacts + 1).toLocaleString('en')} users in ${usersMs} ms`);

  started = Date.now();
  for (const person of people) await store.contacts.add(me.id, person.id);
  const contactsMs = Date.now() - started;
  progress(`${options.contacts.toLocaleString('en')} contacts in ${contactsMs} ms`);

  const [partner, other] = people as [SeededPerson, SeededPerson, ...SeededPerson[]];
  const now = Date.now();
  const random = createRandom(20_250_101);
  const openDirect = async (person: SeededPerson, createdAt: number) =>
    (
      await store.conversations.create({
        kind: 'direct',
        title: null,
        memberIds: [me.id, person.id],
        createdAt,
      })
    ).conversation.id;

  const history = generateHistory(options.messages, now, random);
  const bigConversationId = await openDirect(partner, (history[0]?.sentAt ?? now) - 60_000);
  started = Date.now();
  const senders = [me.id, partner.id] as const;
  if (options.viaStore) {
    await appendThroughStore(store, bigConversationId, senders, history, progress);
  } else {
    bulkInsert(options.databaseFile, bigConversationId, senders, history);
  }
  const messagesMs = Date.now() - started;
  progress(
    `${options.messages.toLocaleString('en')} messages in ${messagesMs} ms (${options.viaStore ? 'Store.messages.append' : 'one bulk SQL transaction'})`,
  );

  const smallHistory = generateHistory(SMALL_CONVERSATION_MESSAGES, now - 3_600_000, random);
  const smallConversationId = await openDirect(other, (smallHistory[0]?.sentAt ?? now) - 60_000);
  await appendThroughStore(store, smallConversationId, [me.id, other.id], smallHistory, () => undefined);

  await verifyHistory(store, bigConversationId, options.messages);
  return {
    me,
    partner,
    other,
    contactIds: people.map((person) => person.id),
    bigConversationId,
    smallConversationId,
    messageCount: options.messages,
    smallMessageCount: SMALL_CONVERSATION_MESSAGES,
    timings: { usersMs, contactsMs, messagesMs },
  };
}

async function appendThroughStore(
  store: Store,
  conversationId: string,
  senders: readonly [string, string],
  history: readonly GeneratedMessage[],
  progress: (line: string) => void,
): Promise<void> {
  for (const [i, message] of history.entries()) {
    await store.messages.append({
      conversationId,
      senderId: senders[message.sender],
      clientId: randomUUID(),
      body: message.body,
      sentAt: message.sentAt,
    });
    if ((i + 1) % 10_000 === 0) progress(`  ${(i + 1).toLocaleString('en')} messages appended`);
  }
}

/**
 * The rows `Store.messages.append` would write (gapless seq from 1, unique clientIds, the
 * conversation's last_seq and activity advanced), in one transaction on a second connection to the
 * server's database (WAL). ~100× faster than 100,000 fsynced appends.
 */
function bulkInsert(
  databaseFile: string,
  conversationId: string,
  senders: readonly [string, string],
  history: readonly GeneratedMessage[],
): void {
  const db = new Database(databaseFile, { timeout: 10_000 });
  try {
    db.pragma('foreign_keys = ON');
    const insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const advance = db.prepare(
      'UPDATE conversations SET last_seq = ?, last_activity_at = max(last_activity_at, ?) WHERE id = ?',
    );
    const current = db.prepare('SELECT last_seq FROM conversations WHERE id = ?').get(conversationId) as
      | { last_seq: number }
      | undefined;
    if (current?.last_seq !== 0) throw new Error(`conversation ${conversationId} is not new and empty`);
    db.transaction(() => {
      for (const [i, message] of history.entries()) {
        insert.run(
          randomUUID(),
          conversationId,
          i + 1,
          senders[message.sender],
          randomUUID(),
          message.body,
          message.sentAt,
        );
      }
      const last = history.at(-1);
      if (last) advance.run(history.length, last.sentAt, conversationId);
    }).immediate();
  } finally {
    db.close();
  }
}

/** The server must return the generated rows through its own history query. */
async function verifyHistory(store: Store, conversationId: string, count: number): Promise<void> {
  const newest = await store.messages.history(conversationId, { limit: 1 });
  const first = await store.messages.history(conversationId, { afterSeq: 0, limit: 1 });
  const lastSeq = newest.messages[0]?.seq;
  if (
    lastSeq !== count ||
    first.messages[0]?.seq !== 1 ||
    !newest.messages[0]?.body.endsWith(seqMarker(count))
  ) {
    throw new Error(`seeding failed: the server's history ends at seq ${String(lastSeq)}, expected ${count}`);
  }
}

/**
 * Brings every contact online in the presence engine (one synthetic session each) with a varied
 * presence, as if they were all signed in somewhere. Returns each contact's session id.
 */
export function bringContactsOnline(
  presence: Pick<PresenceService, 'connect' | 'set'>,
  contactIds: readonly string[],
  partnerId: string,
): Map<string, string> {
  const random = createRandom(7);
  const sessions = new Map<string, string>();
  const now = Date.now();
  for (const id of contactIds) {
    const sessionId = `bench-session-${id}`;
    void presence.connect(id, sessionId);
    void presence.set(
      id,
      sessionId,
      id === partnerId ? { status: 'available' } : randomPresence(random, now),
    );
    sessions.set(id, sessionId);
  }
  return sessions;
}
