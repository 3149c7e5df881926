import type { Redis } from 'ioredis';
import type { Logger } from '../logger';

const RENEW_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_IF_HELD = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaseOptions {
  redis: Redis;
  key: string;
  /** Who holds it (a node incarnation). */
  holder: string;
  /** How long it lives without a renewal; renewed every quarter of that. */
  ttlMs: number;
  logger: Logger;
}

/**
 * A key in Redis that lives while its holder renews it. A node's own lease says it is alive
 * (`exclusive: false`: set unconditionally); the leader lease is exclusive (SET NX), so
 * exactly one node holds it at a time and another takes it over once it lapses.
 */
export class Lease {
  private timer: NodeJS.Timeout | null = null;
  private held = false;

  constructor(
    private readonly options: LeaseOptions & {
      exclusive: boolean;
      /** Told when this node gains or loses the lease. */
      onChange?: (held: boolean) => void;
    },
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(this.options.ttlMs / 4)));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const { redis, key, holder } = this.options;
    try {
      await redis.eval(RELEASE_IF_HELD, 1, key, holder);
    } catch (error) {
      this.options.logger.warn({ err: error, key }, 'releasing a lease failed (it lapses by itself)');
    }
    this.setHeld(false);
  }

  private async tick(): Promise<void> {
    const { redis, key, holder, ttlMs, exclusive } = this.options;
    try {
      if (!exclusive) {
        await redis.set(key, holder, 'PX', ttlMs);
        this.setHeld(true);
        return;
      }
      if (this.held) {
        const renewed = await redis.eval(RENEW_IF_HELD, 1, key, holder, String(ttlMs));
        if (renewed === 1) return;
      }
      this.setHeld((await redis.set(key, holder, 'PX', ttlMs, 'NX')) === 'OK');
    } catch (error) {
      this.options.logger.warn({ err: error, key }, 'renewing a lease failed');
    }
  }

  private setHeld(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    this.options.onChange?.(held);
  }
}
