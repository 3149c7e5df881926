import { CLAIM_ID_PATTERN } from '@beacon/protocol';
import { createLogger } from '../../logger';
import { ClaimsClient } from '../shared/claims-client';
import { CalendarBridge } from './bridge';
import { CALENDAR_USAGE, parseCalendarArgs, UsageError } from './cli-options';
import { FeedsConfigError, loadFeedsConfig } from './feeds-config';

// `npm run integration:calendar -- --server … --token … --feeds mapping.json` (CALENDAR_USAGE).
async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCalendarArgs>;
  try {
    options = parseCalendarArgs(argv);
    if (options !== 'help' && !CLAIM_ID_PATTERN.test(options.claimId)) {
      throw new UsageError(
        `--claim-id: "${options.claimId}" is not 1–128 letters, digits, ".", "_", "-" or ":"`,
      );
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${CALENDAR_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(CALENDAR_USAGE);
    return 0;
  }
  let feeds: Awaited<ReturnType<typeof loadFeedsConfig>>;
  try {
    feeds = await loadFeedsConfig(options.feedsPath);
  } catch (error) {
    if (!(error instanceof FeedsConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const logger = createLogger({ level: options.logLevel }).child({ integration: 'calendar-bridge' });
  const bridge = new CalendarBridge({
    feeds,
    claims: new ClaimsClient({ server: options.server, token: options.token }),
    logger,
    pollIntervalMs: options.pollIntervalMs,
    claimId: options.claimId,
    publicSummaries: options.publicSummaries,
  });
  if (options.once) {
    await bridge.poll();
    return 0;
  }
  logger.info(
    { users: feeds.length, intervalSeconds: options.pollIntervalMs / 1000 },
    'calendar bridge started',
  );
  await bridge.start();
  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await bridge.stop();
  logger.info('calendar bridge stopped');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
