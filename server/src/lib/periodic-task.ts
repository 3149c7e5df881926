import type { Logger } from '../logger';

/**
 * Runs `task` every `intervalMs`, never two runs at once, logging a failure and carrying on.
 * The server uses it to apply what the admin CLI changed from another process.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runNow(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run now (or the one in progress). */
  runNow(): Promise<void> {
    this.running ??= this.task()
      .catch((error: unknown) => this.logger.error({ err: error }, `${this.name} failed`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
