import type { Message } from '@beacon/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../store';
import { ALICE, BOB, CAROL, FakeServer, presenceOf } from '../test/fake-server';
import { FakeSocket } from '../test/fake-socket';
import { BeaconClient, type ClientTiming, type SessionEndReason } from './client';

const FAST: Partial<ClientTiming> = {
  commandTimeoutMs: 100,
  presenceBatchMs: 5,
  presenceDebounceMs: 5,
  outboxRetryMs: 20,
  remoteTypingMs: 60,
  typingIdleMs: 60,
  typingResendMs: 30,
};

const clients: BeaconClient[] = [];

function setup(options: { attentive?: boolean } = {}) {
  const store = createAppStore();
  const socket = new FakeSocket();
  const server = new FakeServer(socket);
  const incoming: Message[] = [];
  const ended: SessionEndReason[] = [];
  let attentive = options.attentive ?? true;
  const client = new BeaconClient({
    store,
    serverUrl: socket.serverUrl,
    token: socket.token,
    transport: () => socket,
    isAttentive: () => attentive,
    onIncomingMessage: (message) => incoming.push(message),
    onSessionEnded: (reason) => ended.push(reason),
    timing: FAST,
  });
  clients.push(client);
  store.getState().startSession(socket.serverUrl, ALICE);
  client.start();
  const connect = async () => {
    socket.open(server.ready());
    await vi.waitFor(() => {
      expect(store.getState().conversationsStatus).toBe('ready');
      expect(store.getState().contactsStatus).toBe('ready');
    });
  };
  return {
    store,
    socket,
    server,
    client,
    incoming,
    ended,
    connect,
    setAttentive: (value: boolean) => {
      attentive = value;
    },
  };
}

/** Opens a direct conversation with Bob that the client has loaded. */
async function withLoadedConversation(ctx: ReturnType<typeof setup>) {
  const conversation = ctx.server.addConversation([ALICE.id, BOB.id]);
  await ctx.client.refreshConversations();
  ctx.client.showConversation(conversation.id);
  await vi.waitFor(() => expect(ctx.store.getState().timelines[conversation.id]?.status).toBe('ready'));
  return conversation.id;
}

const seqs = (messages: readonly Message[] | undefined) => (messages ?? []).map((message) => message.seq);

afterEach(() => {
  for (const client of clients.splice(0)) client.stop();
});

describe('BeaconClient: session start', () => {
  it('connects, then loads contacts and conversations and subscribes to the people on screen', async () => {
    const ctx = setup();
    expect(ctx.socket.connectCalls).toBe(1);
    expect(ctx.store.getState().connection.status).toBe('connecting');
    ctx.server.addConversation([ALICE.id, BOB.id]);
    await ctx.connect();
    const state = ctx.store.getState();
    expect(state.connection.status).toBe('online');
    expect(state.me).toEqual(ALICE);
    expect(state.contactIds).toEqual([BOB.id, CAROL.id]);
    expect(Object.keys(state.conversations)).toHaveLength(1);
    await vi.waitFor(() => expect(ctx.socket.sent('presence:subscribe').length).toBeGreaterThan(0));
    const last = ctx.socket.sent('presence:subscribe').at(-1)?.payload as { userIds: string[] };
    expect(new Set(last.userIds)).toEqual(new Set([BOB.id, CAROL.id]));
  });

  it('ends the session when the server refuses the token', async () => {
    const ctx = setup();
    ctx.socket.refuse('unauthorized');
    expect(ctx.ended).toEqual(['expired']);
    expect(ctx.store.getState().connection.status).toBe('offline');
  });

  it('keeps retrying (showing why) while the server is unreachable', () => {
    vi.useFakeTimers();
    try {
      const ctx = setup();
      ctx.socket.refuse('xhr poll error', true);
      expect(ctx.store.getState().connection).toMatchObject({
        status: 'connecting',
        error: 'unreachable',
      });
      ctx.socket.refuse('internal', false);
      vi.advanceTimersByTime(1_000);
      expect(ctx.socket.connectCalls).toBe(2);
      expect(ctx.ended).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends the session with the reason the server gives', async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket.serverEmit('session:ended', { reason: 'disabled' });
    expect(ctx.ended).toEqual(['disabled']);
  });

  it('ignores malformed events instead of breaking', async () => {
    const ctx = setup();
    await ctx.connect();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    ctx.socket.serverEmit('message', { message: { id: 1 } });
    ctx.socket.serverEmit('presence', 'nonsense');
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});

describe('BeaconClient: presence', () => {
  it('applies presence events in batches and ignores stale ones', async () => {
    const ctx = setup();
    await ctx.connect();
    const applied = vi.spyOn(ctx.store.getState(), 'applyPresences');
    ctx.socket.serverEmit('presence', presenceOf(BOB.id, 'busy', 50));
    ctx.socket.serverEmit('presence', presenceOf(CAROL.id, 'away', 50));
    ctx.socket.serverEmit('presence', presenceOf(BOB.id, 'dnd', 40));
    await vi.waitFor(() => expect(ctx.store.getState().presences.get(CAROL.id)?.status).toBe('away'));
    expect(applied).toHaveBeenCalledTimes(1);
    expect(ctx.store.getState().presences.get(BOB.id)?.status).toBe('busy');
  });

  it('sets presence and remembers the manual status', async () => {
    const ctx = setup();
    await ctx.connect();
    await ctx.client.setPresence({ status: 'busy', message: 'In a meeting' });
    expect(ctx.store.getState().presences.get(ALICE.id)).toMatchObject({
      status: 'busy',
      message: 'In a meeting',
    });
    expect(ctx.store.getState().manualStatus).toBe('busy');
    await ctx.client.setPresence({ status: 'away', auto: true, idleSince: 1 });
    expect(ctx.store.getState().manualStatus).toBe('busy');
  });

  it('re-subscribes after a reconnect', async () => {
    const ctx = setup();
    await ctx.connect();
    await vi.waitFor(() => expect(ctx.socket.sent('presence:subscribe').length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const before = ctx.socket.sent('presence:subscribe').length;
    ctx.socket.drop();
    ctx.socket.open(ctx.server.ready());
    await vi.waitFor(() => expect(ctx.socket.sent('presence:subscribe')).toHaveLength(before + 1));
    const last = ctx.socket.sent('presence:subscribe').at(-1)?.payload as { userIds: string[] };
    expect(new Set(last.userIds)).toEqual(new Set([BOB.id, CAROL.id]));
  });
});

describe('BeaconClient: sending (outbox)', () => {
  it('shows a message pending until acknowledged, then in the transcript', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.client.sendMessage(id, 'Hello Bob');
    const pending = ctx.store.getState().outbox[id];
    expect(pending).toHaveLength(1);
    expect(pending?.[0]).toMatchObject({ body: 'Hello Bob', state: 'pending' });
    // Sent once the outbox has stored it.
    await vi.waitFor(() => expect(ctx.socket.sent('message:send')).toHaveLength(1));
    const packet = ctx.socket.sent('message:send')[0]?.payload as { clientId: string };
    expect(packet.clientId).toBe(pending?.[0]?.clientId);
    await vi.waitFor(() => expect(ctx.store.getState().outbox[id]).toHaveLength(0));
    expect(ctx.store.getState().timelines[id]?.messages.map((message) => message.body)).toEqual([
      'Hello Bob',
    ]);
    expect(ctx.store.getState().conversations[id]?.lastMessage?.body).toBe('Hello Bob');
  });

  it('queues messages written while disconnected and sends them in order once reconnected', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.socket.drop();
    expect(ctx.store.getState().connection.status).toBe('reconnecting');
    for (const body of ['one', 'two', 'three']) ctx.client.sendMessage(id, body);
    expect(ctx.socket.sent('message:send')).toHaveLength(0);
    expect(ctx.store.getState().outbox[id]?.map((item) => item.body)).toEqual(['one', 'two', 'three']);

    ctx.socket.open(ctx.server.ready());
    await vi.waitFor(() => expect(ctx.store.getState().outbox[id]).toHaveLength(0));
    const sent = ctx.socket
      .sent('message:send')
      .map((packet) => packet.payload as { body: string; clientId: string });
    expect(sent.map((payload) => payload.body)).toEqual(['one', 'two', 'three']);
    expect(new Set(sent.map((payload) => payload.clientId)).size).toBe(3);
    expect(ctx.store.getState().timelines[id]?.messages.map((message) => message.body)).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(ctx.server.conversations.get(id)?.messages).toHaveLength(3);
  });

  it('retries with the same clientId after a lost acknowledgement and never duplicates', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.held.add('message:send');
    ctx.client.sendMessage(id, 'Are you there?');
    await vi.waitFor(() => expect(ctx.socket.sent('message:send').length).toBeGreaterThanOrEqual(2), {
      timeout: 2_000,
    });
    ctx.server.held.delete('message:send');
    await vi.waitFor(() => expect(ctx.store.getState().outbox[id]).toHaveLength(0), { timeout: 2_000 });
    const clientIds = new Set(
      ctx.socket.sent('message:send').map((packet) => (packet.payload as { clientId: string }).clientId),
    );
    expect(clientIds.size).toBe(1);
    expect(ctx.server.conversations.get(id)?.messages).toHaveLength(1);
    expect(ctx.store.getState().timelines[id]?.messages).toHaveLength(1);
  });

  it('marks a refused message failed, keeps later ones going, and sends it on Retry', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.failNext('message:send', 'forbidden', 'not a member');
    ctx.client.sendMessage(id, 'first');
    ctx.client.sendMessage(id, 'second');
    await vi.waitFor(() => expect(ctx.store.getState().timelines[id]?.messages).toHaveLength(1));
    const [failed] = ctx.store.getState().outbox[id] ?? [];
    expect(failed).toMatchObject({ body: 'first', state: 'failed', error: { code: 'forbidden' } });

    ctx.client.retryMessage(failed?.clientId ?? '');
    await vi.waitFor(() => expect(ctx.store.getState().outbox[id]).toHaveLength(0));
    expect(ctx.store.getState().timelines[id]?.messages.map((message) => message.body)).toEqual([
      'second',
      'first',
    ]);
  });

  it('drops the pending copy when our own message arrives live before the acknowledgement', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.held.add('message:send');
    ctx.client.sendMessage(id, 'hi');
    await vi.waitFor(() => expect(ctx.socket.sent('message:send')).toHaveLength(1));
    const stored = ctx.server.conversations.get(id)?.messages[0];
    ctx.socket.serverEmit('message', { message: stored });
    expect(ctx.store.getState().outbox[id]).toHaveLength(0);
    expect(ctx.store.getState().timelines[id]?.messages).toHaveLength(1);
  });
});

describe('BeaconClient: receiving and catching up', () => {
  it('adds live messages, counts them unread when not looked at, and reports them', async () => {
    const ctx = setup({ attentive: false });
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.deliver(id, BOB.id, 'Hi Alice');
    expect(ctx.store.getState().timelines[id]?.messages.map((message) => message.body)).toEqual(['Hi Alice']);
    expect(ctx.store.getState().conversations[id]?.unread).toBe(1);
    expect(ctx.incoming.map((message) => message.body)).toEqual(['Hi Alice']);
  });

  it('does not count a message as unread while the conversation is looked at', async () => {
    const ctx = setup({ attentive: true });
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.deliver(id, BOB.id, 'Hi Alice');
    expect(ctx.store.getState().conversations[id]?.unread).toBe(0);
  });

  it('fetches what is missing when a live message reveals a gap', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.store(id, BOB.id, 'missed 1');
    ctx.server.store(id, BOB.id, 'missed 2');
    ctx.server.deliver(id, BOB.id, 'live');
    await vi.waitFor(() => expect(seqs(ctx.store.getState().timelines[id]?.messages)).toEqual([1, 2, 3]));
  });

  it('catches up every loaded conversation after a reconnect, page by page, exactly once', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.deliver(id, BOB.id, 'before');
    ctx.socket.drop();
    for (let i = 0; i < 450; i += 1) ctx.server.store(id, BOB.id, `during ${i}`);
    ctx.socket.open(ctx.server.ready());
    await vi.waitFor(() => expect(ctx.store.getState().timelines[id]?.messages).toHaveLength(451));
    expect(seqs(ctx.store.getState().timelines[id]?.messages)).toEqual(
      Array.from({ length: 451 }, (_, i) => i + 1),
    );
    const pages = ctx.socket
      .sent('message:history')
      .map((packet) => packet.payload as { afterSeq?: number })
      .filter((payload) => payload.afterSeq !== undefined && payload.afterSeq > 0);
    expect(pages.map((payload) => payload.afterSeq)).toEqual([1, 201, 401]);
    expect(ctx.store.getState().conversations[id]?.lastSeq).toBe(451);
  });

  it('loads the newest page first and older pages on demand', async () => {
    const ctx = setup();
    await ctx.connect();
    const conversation = ctx.server.addConversation([ALICE.id, BOB.id]);
    for (let i = 0; i < 120; i += 1) ctx.server.store(conversation.id, BOB.id, `m${i}`);
    await ctx.client.refreshConversations();
    ctx.client.showConversation(conversation.id);
    await vi.waitFor(() => expect(ctx.store.getState().timelines[conversation.id]?.status).toBe('ready'));
    let timeline = ctx.store.getState().timelines[conversation.id];
    expect(seqs(timeline?.messages)).toEqual(Array.from({ length: 50 }, (_, i) => i + 71));
    expect(timeline?.hasOlder).toBe(true);
    await ctx.client.loadOlder(conversation.id);
    timeline = ctx.store.getState().timelines[conversation.id];
    expect(timeline?.messages).toHaveLength(120);
    expect(timeline?.prepended).toBe(70);
    expect(timeline?.hasOlder).toBe(false);
  });

  it('shows who is typing and forgets it when no stop arrives', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.socket.serverEmit('typing', { conversationId: id, userId: BOB.id, typing: true });
    expect(ctx.store.getState().typing[id]).toEqual([BOB.id]);
    await vi.waitFor(() => expect(ctx.store.getState().typing[id]).toEqual([]));
    ctx.socket.serverEmit('typing', { conversationId: id, userId: BOB.id, typing: true });
    ctx.server.deliver(id, BOB.id, 'done typing');
    expect(ctx.store.getState().typing[id]).toEqual([]);
  });

  it('records read positions of others and of our other sessions', async () => {
    const ctx = setup({ attentive: false });
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.deliver(id, BOB.id, 'one');
    ctx.server.deliver(id, BOB.id, 'two');
    ctx.socket.serverEmit('read', { conversationId: id, userId: BOB.id, seq: 2 });
    expect(ctx.store.getState().conversations[id]?.readSeqs?.[BOB.id]).toBe(2);
    ctx.socket.serverEmit('read', { conversationId: id, userId: ALICE.id, seq: 2 });
    expect(ctx.store.getState().conversations[id]).toMatchObject({ readSeq: 2, unread: 0 });
  });
});

describe('BeaconClient: read marks and typing', () => {
  it('marks a conversation read up to the newest loaded message, once', async () => {
    const ctx = setup({ attentive: false });
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.server.deliver(id, BOB.id, 'one');
    ctx.server.deliver(id, BOB.id, 'two');
    ctx.client.markRead(id);
    ctx.client.markRead(id);
    expect(ctx.socket.sent('message:read').map((packet) => packet.payload)).toEqual([
      { conversationId: id, seq: 2 },
    ]);
    expect(ctx.store.getState().conversations[id]).toMatchObject({ readSeq: 2, unread: 0 });
  });

  it('announces typing at most once per interval and stops after a pause', async () => {
    const ctx = setup();
    await ctx.connect();
    const id = await withLoadedConversation(ctx);
    ctx.client.typing(id);
    ctx.client.typing(id);
    ctx.client.typing(id);
    expect(ctx.socket.sent('typing').map((packet) => packet.payload)).toEqual([
      { conversationId: id, typing: true },
    ]);
    await vi.waitFor(() =>
      expect(ctx.socket.sent('typing').at(-1)?.payload).toEqual({ conversationId: id, typing: false }),
    );
  });

  it('fails fast while disconnected instead of buffering commands', async () => {
    const ctx = setup();
    await ctx.connect();
    ctx.socket.drop();
    await expect(ctx.client.openDirect(BOB.id)).rejects.toMatchObject({ code: 'disconnected' });
  });
});

describe('BeaconClient: directory and conversations', () => {
  it('searches the directory into the given scope, without the signed-in user', async () => {
    const ctx = setup();
    await ctx.connect();
    await ctx.client.searchDirectory('sidebar', 'a');
    const search = ctx.store.getState().searches.sidebar;
    expect(search.status).toBe('ready');
    expect(search.resultIds).not.toContain(ALICE.id);
    expect(search.resultIds).toEqual(expect.arrayContaining([BOB.id, CAROL.id]));
    await ctx.client.searchDirectory('sidebar', '  ');
    expect(ctx.store.getState().searches.sidebar.status).toBe('idle');
  });

  it('opens a direct conversation and a group, and shows them', async () => {
    const ctx = setup();
    await ctx.connect();
    const direct = await ctx.client.openDirect(BOB.id);
    expect(ctx.store.getState().activeConversationId).toBe(direct);
    const group = await ctx.client.createGroup([BOB.id, CAROL.id], '  Launch  ');
    const conversation = ctx.store.getState().conversations[group];
    expect(conversation).toMatchObject({ kind: 'group', title: 'Launch' });
    const open = ctx.socket.sent('conversation:open').at(-1)?.payload;
    expect(open).toEqual({ memberIds: [BOB.id, CAROL.id], kind: 'group', title: 'Launch' });
  });
});
