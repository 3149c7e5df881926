import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger';
import { scheduleMemoryReport } from './memory-report';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('scheduleMemoryReport (BEACON_MEMORY_REPORT_MS)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs one memory line after the delay: as it is, after a full collection, and each heap space', () => {
    const { lines, logger } = capture();
    scheduleMemoryReport(logger, '10000');
    vi.advanceTimersByTime(9_999);
    expect(lines).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      msg: 'memory',
      memory: { rss: expect.any(Number), heapUsed: expect.any(Number), external: expect.any(Number) },
      afterGc: { heapUsed: expect.any(Number), arrayBuffers: expect.any(Number) },
      heapSpaces: { old_space: expect.any(Number), new_space: expect.any(Number) },
    });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(1);
  });

  it('schedules nothing when the variable is unset or empty', () => {
    const { lines, logger } = capture();
    scheduleMemoryReport(logger, undefined);
    scheduleMemoryReport(logger, '');
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('warns about a value that is not a number of milliseconds, and reports nothing', () => {
    const { lines, logger } = capture();
    scheduleMemoryReport(logger, 'ten seconds');
    scheduleMemoryReport(logger, '-5');
    vi.advanceTimersByTime(60_000);
    expect(lines.map((line) => line.msg)).toEqual([
      expect.stringContaining('BEACON_MEMORY_REPORT_MS is not a number'),
      expect.stringContaining('BEACON_MEMORY_REPORT_MS is not a number'),
    ]);
  });
});
