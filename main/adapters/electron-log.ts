import log from 'electron-log/main';
import type { Logger } from '../logger';

/** electron-log: a rotating file in the OS log folder (e.g. ~/Library/Logs/Beacon) plus the console. */
export function createElectronLogger(): Logger {
  log.initialize({ preload: false });
  log.transports.file.level = 'info';
  log.transports.file.maxSize = 5 * 1024 * 1024;
  // Main-process logs stay in the main process: the page gets none of them over IPC.
  log.transports.ipc.level = false;
  log.errorHandler.startCatching({ showDialog: false });
  const write =
    (level: 'info' | 'warn' | 'error') =>
    (message: string, details?: Record<string, unknown>): void => {
      if (details === undefined) log[level](message);
      else log[level](message, details);
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}
