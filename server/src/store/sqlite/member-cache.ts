import type { Database, Statement } from 'better-sqlite3';

/** Conversations whose members stay in memory; the least recently used one goes beyond. */
export const MEMBER_CACHE_SIZE = 10_000;

/**
 * The members of conversations (in position order), read once and then from memory: every
 * message's send checks them and every append fans out to them. This connection's own
 * membership writes (create, update, leave) call `forget` at each write, inside their
 * transaction, and again after it (a rolled-back transaction may have cached members it never
 * committed). Any commit of another connection to the file — another node on the same file,
 * the admin CLI, the webhook queue's connection — changes SQLite's `data_version`, and the
 * next lookup then starts from an empty cache: never stale, at the price of one pragma per
 * lookup. The PostgreSQL store, whose other nodes cannot be seen from here, has no such cache.
 */
export class MemberCache {
  private readonly cached = new Map<string, readonly string[]>();
  private readonly select: Statement<[string], string>;
  private readonly dataVersion: Statement<[], number>;
  private version = -1;

  constructor(
    db: Database,
    private readonly maxEntries = MEMBER_CACHE_SIZE,
  ) {
    this.select = db
      .prepare<[string], string>(
        'SELECT user_id FROM conversation_members WHERE conversation_id = ? ORDER BY position',
      )
      .pluck();
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** The member ids, a copy the caller may change; none for an unknown conversation. */
  memberIds(conversationId: string): string[] {
    return [...this.lookup(conversationId)];
  }

  isMember(conversationId: string, userId: string): boolean {
    return this.lookup(conversationId).includes(userId);
  }

  forget(conversationId: string): void {
    this.cached.delete(conversationId);
  }

  private lookup(conversationId: string): readonly string[] {
    const version = this.dataVersion.get();
    if (version !== this.version) {
      this.cached.clear();
      this.version = version ?? -1;
    }
    const hit = this.cached.get(conversationId);
    if (hit) {
      // Most recently used last: Map keeps insertion order.
      this.cached.delete(conversationId);
      this.cached.set(conversationId, hit);
      return hit;
    }
    const memberIds = this.select.all(conversationId);
    // An unknown id is not kept: a client could fill the cache with made-up ones.
    if (memberIds.length === 0) return memberIds;
    this.cached.set(conversationId, memberIds);
    if (this.cached.size > this.maxEntries) {
      const oldest = this.cached.keys().next();
      if (!oldest.done) this.cached.delete(oldest.value);
    }
    return memberIds;
  }
}
