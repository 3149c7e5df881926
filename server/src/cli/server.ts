import { type BeaconServer, createBeaconServer } from '../app';
import { ConfigError } from '../config/server-config';
import { scheduleMemoryReport } from './memory-report';
import { parseServerCli, SERVER_USAGE, type ServerCliOptions, UsageError } from './server-options';

async function main(): Promise<number> {
  let options: ServerCliOptions | 'help';
  try {
    options = parseServerCli(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`beacon server: ${error.message}\n\n${SERVER_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(SERVER_USAGE);
    return 0;
  }

  let server: BeaconServer;
  try {
    server = await createBeaconServer(options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`beacon server: ${error.message}\n`);
    return 1;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  let url: string;
  try {
    ({ url } = await server.listen());
  } catch (error) {
    await server.close();
    throw error;
  }
  // Exactly one line on stdout: scripts and tests wait for it.
  process.stdout.write(`Beacon server listening on ${url}\n`);
  scheduleMemoryReport(server.logger, process.env.BEACON_MEMORY_REPORT_MS);
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `beacon server: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
