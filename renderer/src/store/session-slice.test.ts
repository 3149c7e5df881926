import { describe, expect, it } from 'vitest';
import { ALICE, presenceOf } from '../test/fake-server';
import { createAppStore } from './index';

describe('session and connection slices', () => {
  it('takes identity, presence and the clock offset from ready', () => {
    const store = createAppStore();
    store.getState().startSession('http://x', { ...ALICE, name: ALICE.email });
    store.getState().sessionReady(ALICE, presenceOf(ALICE.id, 'busy'), Date.now() + 60_000);
    const state = store.getState();
    expect(state.me).toEqual(ALICE);
    expect(state.users[ALICE.id]?.name).toBe('Alice Archer');
    expect(state.presences.get(ALICE.id)?.status).toBe('busy');
    expect(state.clockOffset).toBeGreaterThan(59_000);
    expect(state.manualStatus).toBe('busy');
  });

  it('assumes Available as the manual status behind an automatic away', () => {
    const store = createAppStore();
    store.getState().sessionReady(ALICE, { ...presenceOf(ALICE.id, 'away'), idleSince: 5 }, Date.now());
    expect(store.getState().manualStatus).toBe('available');
  });

  it('tracks the connection state and since when', () => {
    const store = createAppStore();
    store.getState().setConnection('reconnecting', 'unreachable');
    const first = store.getState().connection;
    store.getState().setConnection('reconnecting', 'unreachable');
    expect(store.getState().connection).toBe(first);
    store.getState().setConnection('online');
    expect(store.getState().connection).toMatchObject({ status: 'online', error: null });
  });

  it('forgets everything on reset', () => {
    const store = createAppStore();
    store.getState().startSession('http://x', ALICE);
    store.getState().applyPresences([presenceOf('b')]);
    store.getState().reset();
    const state = store.getState();
    expect(state.me).toBeNull();
    expect(state.presences.size).toBe(0);
    expect(state.connection.status).toBe('offline');
  });
});
