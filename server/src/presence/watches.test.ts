import { LIMITS } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { PresenceWatches } from './watches';

describe('PresenceWatches', () => {
  it('hands out each watcher once and forgets the watch', () => {
    const watches = new PresenceWatches();
    watches.add('w1', 't');
    watches.add('w1', 't');
    watches.add('w2', 't');
    expect(watches.takeWatchersOf('t').sort()).toEqual(['w1', 'w2']);
    expect(watches.takeWatchersOf('t')).toEqual([]);
    expect(watches.pendingOf('w1')).toBe(0);
  });

  it('keeps the watches of watchers that cannot be told yet', () => {
    const watches = new PresenceWatches();
    watches.add('online', 't');
    watches.add('away-from-keyboard', 't');
    expect(watches.takeWatchersOf('t', (w) => w === 'online')).toEqual(['online']);
    expect(watches.targetsOf('away-from-keyboard')).toEqual(['t']);
  });

  it('cancels a watch', () => {
    const watches = new PresenceWatches();
    watches.add('w', 't');
    watches.remove('w', 't');
    watches.remove('w', 'never');
    expect(watches.takeWatchersOf('t')).toEqual([]);
  });

  it('refuses more pending watches than the limit, but accepts a repeat', () => {
    const watches = new PresenceWatches();
    for (let i = 0; i < LIMITS.watchMaxPerUser; i++) watches.add('w', `t${i}`);
    expect(() => watches.add('w', 'one-more')).toThrow(/at most 100 watches/);
    expect(() => watches.add('w', 't0')).not.toThrow();
    watches.remove('w', 't0');
    expect(() => watches.add('w', 'one-more')).not.toThrow();
  });
});
