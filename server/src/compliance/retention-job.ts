import { PeriodicTask } from '../lib/periodic-task';
import type { Logger } from '../logger';
import type { AuditActor } from '../store/ports/audit';
import type { Store } from '../store/types';
import { DAY_MS } from './durations';
import { auditDetails, type RetentionReport, RetentionService } from './retention';

/** `dry-run` (the default): report what would go, remove nothing. `apply`: purge. */
export const RETENTION_PURGE_MODES = ['dry-run', 'apply'] as const;
export type RetentionPurgeMode = (typeof RETENTION_PURGE_MODES)[number];

export const RETENTION_CHECK_INTERVAL_MS = 60 * 60 * 1000;
export const RETENTION_RUN_INTERVAL_MS = DAY_MS;
/** When the nightly purge last ran (ms since the epoch), in `store.settings`: survives restarts. */
export const RETENTION_LAST_RUN_SETTING = 'retention.lastPurgeAt';
/** The audit log's actor for the server's own runs. */
export const SERVER_ACTOR: AuditActor = { actor: 'server', source: 'cli', address: null };

export interface RetentionJobOptions {
  store: Pick<Store, 'retention' | 'archive' | 'audit' | 'settings'>;
  mode: RetentionPurgeMode;
  now: () => number;
  logger: Logger;
  checkIntervalMs?: number;
  /** Several nodes: whether this node is the one that purges (the cluster's leader); default always. */
  onlyWhen?: () => boolean;
}

/**
 * The nightly purge: checks every hour whether a day has passed since the last run and, if so,
 * runs the purge (dry by default). Every run is logged and written to the audit log.
 */
export class RetentionJob {
  private readonly task: PeriodicTask;
  private readonly service: RetentionService;

  constructor(private readonly options: RetentionJobOptions) {
    this.service = new RetentionService(options.store);
    this.task = new PeriodicTask(
      'the retention purge',
      options.checkIntervalMs ?? RETENTION_CHECK_INTERVAL_MS,
      async () => {
        if (options.onlyWhen && !options.onlyWhen()) return;
        await this.check();
      },
      options.logger,
    );
  }

  /** Checks hourly from now on (the first check an hour after start: restarts do not purge). */
  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** Runs the purge when it is due; returns its report, or null when it was not due. */
  async check(): Promise<RetentionReport | null> {
    const { store, mode, now, logger } = this.options;
    const at = now();
    const last = Number(await store.settings.get(RETENTION_LAST_RUN_SETTING));
    if (Number.isFinite(last) && last > 0 && at - last < RETENTION_RUN_INTERVAL_MS) return null;
    const report = await this.service.purge(at, { apply: mode === 'apply', actor: SERVER_ACTOR });
    await store.settings.set(RETENTION_LAST_RUN_SETTING, String(at));
    const { totals } = report;
    logger.info(
      { retention: auditDetails(report) },
      report.applied
        ? `retention purge: removed ${totals.messages} messages and ${totals.archiveEntries} archive entries; ` +
            `${totals.heldConversations} conversations kept under legal hold`
        : `retention purge (dry run, --retention-purge apply to purge): ${totals.messages} messages and ` +
            `${totals.archiveEntries} archive entries would go; ${totals.heldConversations} conversations kept under legal hold`,
    );
    return report;
  }
}
