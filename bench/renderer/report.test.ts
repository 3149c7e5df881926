import { describe, expect, it } from 'vitest';
import { parseBenchArgs, QUICK_SIZE, UsageError } from './options';
import { median } from './report';
import { analyseMainThread } from './trace';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([300, 100, 200])).toBe(200);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('parseBenchArgs', () => {
  it('defaults to the full benchmark and accepts --quick and --opens', () => {
    expect(parseBenchArgs([]).mode).toBe('full');
    const quick = parseBenchArgs(['--quick', '--opens', '7']);
    expect(quick.size).toEqual({ ...QUICK_SIZE, opens: 7 });
  });

  it('refuses unknown flags and bad numbers with a usage error', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--opens', 'many'])).toThrow(/--opens/);
  });
});

describe('analyseMainThread', () => {
  const meta = { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 2, args: { name: 'CrRendererMain' } };
  const task = (ts: number, dur: number, tdur: number) => ({
    name: 'ThreadControllerImpl::RunTask',
    ph: 'X',
    ts,
    dur,
    tdur,
    pid: 1,
    tid: 2,
  });

  it('tells long tasks that used the CPU from ones that waited for a core', () => {
    const result = analyseMainThread([
      meta,
      task(0, 80_000, 70_000),
      task(100_000, 120_000, 8_000),
      task(300_000, 10_000, 9_000),
    ]);
    expect(result.longTasks.map((t) => [t.wallMs, t.cpuMs])).toEqual([
      [80, 70],
      [120, 8],
    ]);
    expect(result.cpuBoundLongTasks).toBe(1);
    expect(result.mainThreadCpuMs).toBe(87);
  });

  it('ignores other threads and processes', () => {
    const elsewhere = { ...task(0, 90_000, 90_000), tid: 3 };
    expect(analyseMainThread([meta, elsewhere]).longTasks).toEqual([]);
  });
});
