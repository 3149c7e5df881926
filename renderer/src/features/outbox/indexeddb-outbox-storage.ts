import { attachmentSchema } from '@beacon/protocol';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { z } from 'zod';
import type { OutboxStorage } from '../../socket/outbox';
import type { OutboxItem } from '../../store';

const DB_VERSION = 1;
const STORE = 'items';

interface OutboxSchema extends DBSchema {
  items: { key: string; value: OutboxItem; indexes: { byCreatedAt: number } };
}

/** What a stored item must look like to be sent again (older or damaged records are dropped). */
const storedItemSchema = z.object({
  clientId: z.string().min(1),
  conversationId: z.string().min(1),
  body: z.string().min(1),
  createdAt: z.number(),
  state: z.enum(['pending', 'failed']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  replyToId: z.string().min(1).nullable().optional(),
  attachments: z.array(attachmentSchema).optional(),
});

/** One database per server and user: a different account on this machine never sends someone else's messages. */
export function outboxDatabaseName(account: { serverUrl: string; userId: string }): string {
  return `beacon-outbox:${account.serverUrl}:${account.userId}`;
}

/**
 * The outbox's persistent storage: unsent messages live in IndexedDB, so a message
 * written offline (or whose ack never came) survives a restart of the app and is sent
 * again with the same clientId. If IndexedDB is unavailable or fails, the outbox keeps
 * working from memory for this run and says so once in the console: nothing the user
 * wrote is dropped because of storage.
 */
export class IndexedDbOutboxStorage implements OutboxStorage {
  private readonly db: Promise<IDBPDatabase<OutboxSchema> | null>;
  private warned = false;

  constructor(readonly name: string) {
    // Async, so that an `indexedDB.open` that throws (no IndexedDB, blocked by policy) rejects too.
    const open = async () =>
      openDB<OutboxSchema>(name, DB_VERSION, {
        upgrade(database) {
          const items = database.createObjectStore(STORE, { keyPath: 'clientId' });
          items.createIndex('byCreatedAt', 'createdAt');
        },
      });
    this.db = open().catch((error: unknown) => {
      this.warn('could not open the outbox database; unsent messages will not survive a restart', error);
      return null;
    });
  }

  async load(): Promise<OutboxItem[]> {
    const database = await this.db;
    if (!database) return [];
    try {
      const stored: unknown[] = await database.getAllFromIndex(STORE, 'byCreatedAt');
      const items: OutboxItem[] = [];
      for (const record of stored) {
        const parsed = storedItemSchema.safeParse(record);
        if (parsed.success) items.push(parsed.data);
        else this.warn('skipped an unreadable outbox record', parsed.error);
      }
      return items;
    } catch (error) {
      this.warn('could not read the outbox database', error);
      return [];
    }
  }

  async save(item: OutboxItem): Promise<void> {
    const database = await this.db;
    try {
      await database?.put(STORE, item);
    } catch (error) {
      this.warn('could not store an unsent message; it is kept in memory for this run', error);
    }
  }

  async remove(clientId: string): Promise<void> {
    const database = await this.db;
    try {
      await database?.delete(STORE, clientId);
    } catch (error) {
      this.warn('could not remove a sent message from the outbox database', error);
    }
  }

  /** Closes the database (sign-out, tests). */
  async close(): Promise<void> {
    (await this.db)?.close();
  }

  private warn(what: string, error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    console.warn(`Beacon outbox: ${what}:`, error);
  }
}

/** The outbox storage of a signed-in account. */
export function openOutboxStorage(account: { serverUrl: string; userId: string }): IndexedDbOutboxStorage {
  return new IndexedDbOutboxStorage(outboxDatabaseName(account));
}
