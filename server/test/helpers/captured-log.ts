import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger, type LogLevel } from '../../src/logger';

/** A server logger whose JSON lines a test can read back (what was logged, and what never was). */
export function capturedLogger(level: LogLevel = 'info'): {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
} {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
}
