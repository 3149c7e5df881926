import { describe, expect, it } from 'vitest';
import { presenceOf } from '../test/fake-server';
import { createAppStore } from './index';

describe('presence slice', () => {
  it('applies a batch in one update and replaces only the changed entries', () => {
    const store = createAppStore();
    store.getState().applyPresences([presenceOf('a', 'available', 1), presenceOf('b', 'busy', 1)]);
    const bobBefore = store.getState().presences.get('b');
    let updates = 0;
    store.subscribe(() => {
      updates += 1;
    });
    store.getState().applyPresences([presenceOf('a', 'away', 2), presenceOf('c', 'dnd', 2)]);
    const after = store.getState().presences;
    expect(updates).toBe(1);
    expect(after.get('a')?.status).toBe('away');
    expect(after.get('c')?.status).toBe('dnd');
    expect(after.get('b')).toBe(bobBefore);
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
    expect(store.getState().presences.get('a')?.status).toBe('busy');
  });

  it('bumps the availability version only when someone becomes (un)available', () => {
    const store = createAppStore();
    store.getState().applyPresences([presenceOf('a', 'busy', 1)]);
    const { availabilityVersion, presenceVersion } = store.getState();
    store.getState().applyPresences([presenceOf('a', 'dnd', 2)]);
    expect(store.getState().availabilityVersion).toBe(availabilityVersion);
    expect(store.getState().presenceVersion).toBe(presenceVersion + 1);
    store.getState().applyPresences([presenceOf('a', 'available', 3)]);
    expect(store.getState().availabilityVersion).toBe(availabilityVersion + 1);
  });

  it('starts from an empty map after reset', () => {
    const store = createAppStore();
    store.getState().applyPresences([presenceOf('a', 'busy', 1)]);
    store.getState().reset();
    expect(store.getState().presences.size).toBe(0);
  });
});
