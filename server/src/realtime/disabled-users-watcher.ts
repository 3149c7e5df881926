import type { Logger } from '../logger';
import type { UserRepository } from '../store/types';

export interface DisabledUsersWatcherOptions {
  users: Pick<UserRepository, 'listDisabledSince'>;
  intervalMs: number;
  now: () => number;
  logger: Logger;
  /** Ends every session of a user who was disabled. */
  onDisabled: (userId: string) => void;
}

/**
 * Admins disable users from another process (the admin CLI), so the server polls for
 * them and ends their sessions; the session service refuses their tokens afterwards.
 */
export class DisabledUsersWatcher {
  private timer: NodeJS.Timeout | null = null;
  private since: number;
  private polling = false;

  constructor(private readonly options: DisabledUsersWatcherOptions) {
    this.since = options.now();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look for users disabled since the previous one. */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      // Overlap by one interval so a write stamped just before the last poll is not missed;
      // ending the sessions of a user twice is harmless.
      const from = this.since - this.options.intervalMs;
      const now = this.options.now();
      const disabled = await this.options.users.listDisabledSince(from);
      this.since = now;
      for (const { id } of disabled) this.options.onDisabled(id);
    } catch (error) {
      this.options.logger.error({ err: error }, 'polling for disabled users failed');
    } finally {
      this.polling = false;
    }
  }
}
