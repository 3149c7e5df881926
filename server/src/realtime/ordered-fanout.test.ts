import { describe, expect, it } from 'vitest';
import { OrderedFanout } from './ordered-fanout';

describe('OrderedFanout', () => {
  it('keeps the order of one key even when an early step waits, and lets other keys pass', async () => {
    const fanout = new OrderedFanout(() => {});
    const seen: string[] = [];
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = fanout.run('c1', async () => {
      await slow;
      seen.push('c1:1');
    });
    const second = fanout.run('c1', () => {
      seen.push('c1:2');
    });
    await fanout.run('c2', () => {
      seen.push('c2:1');
    });
    expect(seen).toEqual(['c2:1']);
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual(['c2:1', 'c1:1', 'c1:2']);
  });

  it('reports a failing step and still runs the next one', async () => {
    const errors: string[] = [];
    const fanout = new OrderedFanout((error, key) => errors.push(`${key}: ${(error as Error).message}`));
    const seen: number[] = [];
    void fanout.run('c', () => {
      throw new Error('boom');
    });
    await fanout.run('c', () => {
      seen.push(2);
    });
    expect(errors).toEqual(['c: boom']);
    expect(seen).toEqual([2]);
  });
});
