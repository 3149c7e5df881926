import { describe, expect, it } from 'vitest';
import { presenceOf } from '../test/fake-server';
import { createAppStore } from './index';

describe('presence slice', () => {
  it('applies a batch in one update and replaces only the changed entries', () => {
    const store = createAppStore();
    store.getState().applyPresences([presenceOf('a', 'available', 1), presenceOf('b', 'busy', 1)]);
    const before = store.getState().presences;
    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    store.getState().applyPresences([presenceOf('a', 'away', 2), presenceOf('c', 'dnd', 2)]);
    const after = store.getState().presences;
    expect(updates).toBe(1);
    expect(after.a?.status).toBe('away');
    expect(after.c?.status).toBe('dnd');
    expect(after.b).toBe(before.b);
  });

  it('ignores stale and identical updates without notifying anyone', () => {
    const store = createAppStore();
    store.getState().applyPresences([presenceOf('a', 'busy', 10)]);
    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    store.getState().applyPresences([presenceOf('a', 'available', 5), presenceOf('a', 'busy', 10)]);
    store.getState().applyPresences([]);
    expect(updates).toBe(0);
    expect(store.getState().presences.a?.status).toBe('busy');
  });
});
