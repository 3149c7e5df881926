import pino, { type LevelWithSilent, type Logger } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = LevelWithSilent;

/** Keys whose values never reach a log line, wherever they appear one or two levels deep. */
const REDACTED_KEYS = ['password', 'token', 'authorization', 'passwordHash'];
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level?: LogLevel;
  /**
   * Defaults to stderr, so stdout stays free for the one "listening" line the CLI prints;
   * written synchronously so the last lines before an exit are not lost.
   */
  destination?: pino.DestinationStream;
}

/** The server's structured JSON logger (pino). */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: 'beacon',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}
