import type { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { type PresenceEntry, parseEntry } from './presence-entries';

export interface LoggedEntry {
  id: string;
  entry: PresenceEntry;
}

export interface PresenceLogOptions {
  /** Commands (XADD, XREVRANGE). */
  redis: Redis;
  /** A connection of its own: XREAD BLOCK holds it. */
  reader: Redis;
  key: string;
  /** Entries kept (approximately): how far behind a node may fall before it misses inputs. */
  maxLen: number;
  logger: Logger;
}

const READ_BATCH = 1000;
const BLOCK_MS = 1000;
const RETRY_MS = 250;

/**
 * The cluster's presence inputs in one total order: a Redis stream every node appends to and
 * every node reads in full, so every node's engine applies the same inputs in the same order.
 */
export class PresenceLog {
  private closed = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: PresenceLogOptions) {}

  /** The id of the newest entry, or `0-0`: a joining node reads from here. */
  async lastId(): Promise<string> {
    const newest = await this.options.redis.xrevrange(this.options.key, '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0-0';
  }

  /** Appends one entry; resolves with its id once Redis has it. */
  async append(entry: PresenceEntry): Promise<string> {
    const { redis, key, maxLen } = this.options;
    const id = await redis.xadd(key, 'MAXLEN', '~', maxLen, '*', 'e', JSON.stringify(entry));
    if (id === null) throw new Error('presence log: XADD returned no id');
    return id;
  }

  /** Reads every entry after `fromId`, in order, until `stop`; a Redis error is retried. */
  start(fromId: string, onEntries: (entries: LoggedEntry[]) => void): void {
    let lastId = fromId;
    const { reader, key, logger } = this.options;
    this.loop = (async () => {
      while (!this.closed) {
        let reply: [string, [string, string[]][]][] | null;
        try {
          reply = await reader.xread('COUNT', READ_BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', key, lastId);
        } catch (error) {
          if (this.closed) return;
          logger.warn({ err: error }, 'presence log: reading failed; retrying');
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          continue;
        }
        const items = reply?.[0]?.[1] ?? [];
        const entries: LoggedEntry[] = [];
        for (const [id, fields] of items) {
          lastId = id;
          const text = fields[fields.indexOf('e') + 1];
          const entry = text === undefined ? null : parseEntry(text);
          if (entry) entries.push({ id, entry });
          else logger.warn({ id }, 'presence log: skipping an entry this version cannot read');
        }
        if (entries.length > 0) onEntries(entries);
      }
    })();
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.options.reader.disconnect();
    await this.loop;
  }
}
