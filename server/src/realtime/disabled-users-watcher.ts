import { PeriodicTask } from '../lib/periodic-task';
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
  private readonly task: PeriodicTask;
  private since: number;

  constructor(private readonly options: DisabledUsersWatcherOptions) {
    this.since = options.now();
    this.task = new PeriodicTask(
      'polling for disabled users',
      options.intervalMs,
      () => this.look(),
      options.logger,
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): void {
    void this.task.stop();
  }

  /** One look for users disabled since the previous one. */
  poll(): Promise<void> {
    return this.task.runNow();
  }

  private async look(): Promise<void> {
    // Overlap by one interval so a write stamped just before the last poll is not missed;
    // ending the sessions of a user twice is harmless.
    const from = this.since - this.options.intervalMs;
    const now = this.options.now();
    const disabled = await this.options.users.listDisabledSince(from);
    this.since = now;
    for (const { id } of disabled) this.options.onDisabled(id);
  }
}
