import type { Conversation } from '@beacon/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store';
import { ALICE, BOB, CAROL, presenceOf } from '../test/fake-server';
import { PresenceSync } from './presence-sync';

const users = (ids: string[]) =>
  ids.map((id) => ({ id, email: `${id}@acme.test`, name: id, presence: presenceOf(id) }));

function setup() {
  const store = createAppStore();
  store.getState().startSession('http://x', ALICE);
  const subscribe = vi.fn(async (ids: string[]) => ids.map((id) => presenceOf(id, 'busy', 9)));
  let online = true;
  const sync = new PresenceSync({ store, subscribe, isOnline: () => online, debounceMs: 5 });
  sync.start();
  return {
    store,
    subscribe,
    sync,
    setOnline: (value: boolean) => {
      online = value;
    },
  };
}

describe('PresenceSync', () => {
  it('sends the people on screen once, debounced, and applies the presences it gets back', async () => {
    const ctx = setup();
    ctx.store.getState().setContacts(users([BOB.id]));
    ctx.store.getState().setContacts(users([BOB.id, CAROL.id]));
    await vi.waitFor(() => expect(ctx.subscribe).toHaveBeenCalledTimes(1));
    expect(new Set(ctx.subscribe.mock.calls[0]?.[0])).toEqual(new Set([BOB.id, CAROL.id]));
    await vi.waitFor(() => expect(ctx.store.getState().presences.get(BOB.id)?.status).toBe('busy'));
  });

  it('does not resend for presence updates or unchanged sets', async () => {
    const ctx = setup();
    ctx.store.getState().setContacts(users([BOB.id]));
    await vi.waitFor(() => expect(ctx.subscribe).toHaveBeenCalledTimes(1));
    ctx.store.getState().applyPresences([presenceOf(BOB.id, 'away', 99)]);
    ctx.store.getState().setContacts(users([BOB.id]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ctx.subscribe).toHaveBeenCalledTimes(1);
  });

  it('follows search results and the open conversation, and resubscribes after reconnecting', async () => {
    const ctx = setup();
    const conversation: Conversation = {
      id: 'g1',
      kind: 'group',
      title: 'Team',
      memberIds: [ALICE.id, 'u-dave'],
      lastSeq: 0,
      readSeq: 0,
      unread: 0,
    };
    ctx.store.getState().setConversations([conversation]);
    ctx.store.getState().startSearch('sidebar', 'er');
    ctx.store.getState().setSearchResults('sidebar', 'er', users(['u-erin']));
    await vi.waitFor(() => expect(ctx.subscribe).toHaveBeenCalled());
    expect(new Set(ctx.subscribe.mock.calls.at(-1)?.[0])).toEqual(new Set(['u-dave', 'u-erin']));
    const calls = ctx.subscribe.mock.calls.length;
    ctx.sync.resubscribe();
    await vi.waitFor(() => expect(ctx.subscribe).toHaveBeenCalledTimes(calls + 1));
  });

  it('waits for the connection before sending', async () => {
    const ctx = setup();
    ctx.setOnline(false);
    ctx.store.getState().setContacts(users([BOB.id]));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ctx.subscribe).not.toHaveBeenCalled();
    ctx.setOnline(true);
    ctx.sync.resubscribe();
    await vi.waitFor(() => expect(ctx.subscribe).toHaveBeenCalledTimes(1));
  });
});
