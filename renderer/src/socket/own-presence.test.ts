import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store';
import { selectChosen } from '../store/own-presence-selectors';
import { ALICE, BOB, FakeServer } from '../test/fake-server';
import { FakeSocket } from '../test/fake-socket';
import { BeaconClient } from './client';

const clients: BeaconClient[] = [];

async function connected(protocol: 1 | 2) {
  const store = createAppStore();
  const socket = new FakeSocket();
  const server = new FakeServer(socket);
  server.protocol = protocol;
  const client = new BeaconClient({
    store,
    serverUrl: socket.serverUrl,
    token: socket.token,
    transport: () => socket,
    isAttentive: () => true,
    timing: { commandTimeoutMs: 100, presenceBatchMs: 5, presenceDebounceMs: 5 },
  });
  clients.push(client);
  store.getState().startSession(socket.serverUrl, ALICE);
  client.start();
  const open = async () => {
    socket.open(server.ready());
    await vi.waitFor(() => expect(store.getState().contactsStatus).toBe('ready'));
  };
  await open();
  return { store, socket, server, client, open };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.stop();
});

describe('own presence: choices', () => {
  it('reads the chosen status from a v2 server instead of guessing', async () => {
    const ctx = await connected(2);
    expect(ctx.store.getState().serverProtocol).toBe(2);
    const until = Date.now() + 3_600_000;
    await ctx.client.setPresence({ status: 'busy', until });
    expect(ctx.socket.sent('presence:set').at(-1)?.payload).toEqual({ status: 'busy', until });
    expect(selectChosen(ctx.store.getState())).toEqual({ status: 'busy', message: null, until });
  });

  it('falls back to the v1 guess when the server sends no `chosen`', async () => {
    const ctx = await connected(1);
    expect(ctx.store.getState().serverProtocol).toBe(1);
    await ctx.client.setPresence({ status: 'dnd' });
    expect(ctx.store.getState().presences.get(ALICE.id)?.chosen).toBeUndefined();
    expect(selectChosen(ctx.store.getState()).status).toBe('dnd');
  });

  it('keeps a status chosen while disconnected and sends it on reconnect', async () => {
    const ctx = await connected(2);
    ctx.socket.drop();
    await expect(ctx.client.setPresence({ status: 'busy', message: 'Focus time' })).resolves.toBeNull();
    expect(ctx.socket.sent('presence:set')).toHaveLength(0);
    expect(selectChosen(ctx.store.getState())).toMatchObject({ status: 'busy', message: 'Focus time' });
    await ctx.client.setPresence({ status: 'dnd' });
    await ctx.open();
    await vi.waitFor(() => expect(ctx.socket.sent('presence:set')).toHaveLength(1));
    expect(ctx.socket.sent('presence:set')[0]?.payload).toEqual({ status: 'dnd', message: 'Focus time' });
    await vi.waitFor(() => expect(ctx.store.getState().queuedChoice).toBeNull());
    expect(ctx.store.getState().presences.get(ALICE.id)?.status).toBe('dnd');
  });

  it('sets and clears out of office', async () => {
    const ctx = await connected(2);
    const from = Date.now();
    const to = from + 86_400_000;
    await ctx.client.setOutOfOffice({ from, to, message: 'Back Monday' });
    expect(ctx.socket.sent('presence:out-of-office')[0]?.payload).toEqual({
      from,
      to,
      message: 'Back Monday',
    });
    expect(ctx.store.getState().presences.get(ALICE.id)?.outOfOffice).toEqual({
      from,
      to,
      message: 'Back Monday',
    });
    await ctx.client.clearOutOfOffice();
    expect(ctx.socket.sent('presence:out-of-office')[1]?.payload).toEqual({ clear: true });
    expect(ctx.store.getState().presences.get(ALICE.id)?.outOfOffice).toBeNull();
  });
});

describe('own presence: device facts', () => {
  it('sends device:activity to a v2 server and re-sends the last state (with its label) after reconnect', async () => {
    const ctx = await connected(2);
    await ctx.client.reportDeviceActivity({ state: 'active', label: 'Web' });
    await ctx.client.reportDeviceActivity({ state: 'idle', since: 1_000 });
    expect(ctx.socket.sent('device:activity').map((packet) => packet.payload)).toEqual([
      { state: 'active', label: 'Web' },
      { state: 'idle', since: 1_000 },
    ]);
    expect(ctx.socket.sent('presence:set')).toHaveLength(0);
    ctx.socket.drop();
    await ctx.open();
    await vi.waitFor(() => expect(ctx.socket.sent('device:activity')).toHaveLength(3));
    expect(ctx.socket.sent('device:activity')[2]?.payload).toEqual({
      state: 'idle',
      since: 1_000,
      label: 'Web',
    });
  });

  it('tells a v1 server the same fact as an automatic presence:set', async () => {
    const ctx = await connected(1);
    await ctx.client.reportDeviceActivity({ state: 'locked', since: 5_000 });
    await ctx.client.reportDeviceActivity({ state: 'active' });
    expect(ctx.socket.sent('device:activity')).toHaveLength(0);
    expect(ctx.socket.sent('presence:set').map((packet) => packet.payload)).toEqual([
      { status: 'away', auto: true, idleSince: 5_000 },
      { status: 'available', auto: true, idleSince: null },
    ]);
  });

  it('reads an older host\u2019s automatic status request as a device report, never as a choice', async () => {
    const ctx = await connected(2);
    await ctx.client.setPresence({ status: 'busy' });
    await ctx.client.setPresence({ status: 'away', auto: true, idleSince: 7_000 });
    expect(ctx.socket.sent('device:activity').at(-1)?.payload).toEqual({ state: 'idle', since: 7_000 });
    expect(ctx.socket.sent('presence:set')).toHaveLength(1);
    expect(selectChosen(ctx.store.getState()).status).toBe('busy');
  });
});

describe('own presence: watch', () => {
  it('watches a person and records the alert when the server fires it', async () => {
    const ctx = await connected(2);
    await ctx.client.watchPresence(BOB.id);
    expect(ctx.server.watches.has(BOB.id)).toBe(true);
    expect(ctx.store.getState().watching[BOB.id]).toBe(true);
    ctx.socket.serverEmit('presence:alert', {
      userId: BOB.id,
      presence: { userId: BOB.id, status: 'available', message: null, idleSince: null, updatedAt: 99 },
    });
    expect(ctx.store.getState().watching[BOB.id]).toBeUndefined();
    expect(ctx.store.getState().presenceAlerts.map((alert) => alert.userId)).toEqual([BOB.id]);
    expect(ctx.store.getState().presences.get(BOB.id)?.updatedAt).toBe(99);
  });
});
