import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DraftStorage } from './draft-storage';

const DB_VERSION = 1;
const STORE = 'drafts';

interface DraftRecord {
  conversationId: string;
  text: string;
  updatedAt: number;
}

interface DraftSchema extends DBSchema {
  drafts: { key: string; value: DraftRecord };
}

/** One database per server and user, like the outbox: another account never sees these drafts. */
export function draftDatabaseName(account: { serverUrl: string; userId: string }): string {
  return `beacon-drafts:${account.serverUrl}:${account.userId}`;
}

/**
 * Drafts in IndexedDB, so text typed but not sent survives a reload. Without IndexedDB (or when it
 * fails) drafts live in memory for this run: typing never fails because of storage.
 */
export class IndexedDbDraftStorage implements DraftStorage {
  private readonly db: Promise<IDBPDatabase<DraftSchema> | null>;
  private readonly memory = new Map<string, string>();

  constructor(readonly name: string) {
    const open = async () =>
      openDB<DraftSchema>(name, DB_VERSION, {
        upgrade(database) {
          database.createObjectStore(STORE, { keyPath: 'conversationId' });
        },
      });
    this.db = open().catch(() => null);
  }

  async load(conversationId: string): Promise<string | null> {
    const remembered = this.memory.get(conversationId);
    if (remembered !== undefined) return remembered || null;
    try {
      const record: unknown = await (await this.db)?.get(STORE, conversationId);
      const text = (record as Partial<DraftRecord> | undefined)?.text;
      return typeof text === 'string' && text ? text : null;
    } catch {
      return null;
    }
  }

  async save(conversationId: string, text: string): Promise<void> {
    this.memory.set(conversationId, text);
    try {
      const database = await this.db;
      if (!database) return;
      if (text) await database.put(STORE, { conversationId, text, updatedAt: Date.now() });
      else await database.delete(STORE, conversationId);
    } catch {
      // Kept in memory for this run.
    }
  }

  async close(): Promise<void> {
    (await this.db)?.close();
  }
}

export function openDraftStorage(account: { serverUrl: string; userId: string }): IndexedDbDraftStorage {
  return new IndexedDbDraftStorage(draftDatabaseName(account));
}
