import type { Message } from '@beacon/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore, type OutboxItem } from '../store';
import { V2_DEFAULTS } from '../test/messages';
import { CommandError } from './errors';
import { InMemoryOutboxStorage, Outbox, type OutboxStorage } from './outbox';

function messageFor(item: OutboxItem, seq: number): Message {
  return {
    ...V2_DEFAULTS,
    id: `m${seq}`,
    conversationId: item.conversationId,
    seq,
    senderId: 'me',
    clientId: item.clientId,
    body: item.body,
    sentAt: 1,
  };
}

function setup(options: { storage?: OutboxStorage; online?: boolean } = {}) {
  const store = createAppStore();
  const storage = options.storage ?? new InMemoryOutboxStorage();
  let online = options.online ?? true;
  let seq = 0;
  const send = vi.fn(async (item: OutboxItem) => messageFor(item, ++seq));
  const delivered: Message[] = [];
  const outbox = new Outbox({
    store,
    storage,
    send,
    isOnline: () => online,
    onDelivered: (message) => delivered.push(message),
    retryDelayMs: 10,
  });
  return {
    store,
    storage,
    send,
    delivered,
    outbox,
    goOnline: () => {
      online = true;
      outbox.flush();
    },
    goOffline: () => {
      online = false;
    },
  };
}

describe('Outbox', () => {
  it('gives every message its own UUID clientId and keeps it on screen until delivered', async () => {
    const ctx = setup();
    const a = ctx.outbox.enqueue('c1', 'hello');
    const b = ctx.outbox.enqueue('c1', 'again');
    expect(a.clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.clientId).not.toBe(b.clientId);
    expect(ctx.store.getState().outbox.c1?.map((item) => item.body)).toEqual(['hello', 'again']);
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(2));
    expect(ctx.store.getState().outbox.c1).toEqual([]);
    expect(await ctx.storage.load()).toEqual([]);
  });

  it('sends a message only after the storage has kept it, and still sends when storing fails', async () => {
    const inner = new InMemoryOutboxStorage();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const storage: OutboxStorage = {
      load: () => inner.load(),
      save: async (item) => {
        await held;
        if (item.body === 'unstorable') throw new Error('quota exceeded');
        await inner.save(item);
      },
      remove: (clientId) => inner.remove(clientId),
    };
    const ctx = setup({ storage });
    ctx.outbox.enqueue('c1', 'kept first');
    ctx.outbox.enqueue('c1', 'unstorable');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.send).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(2));
    expect(ctx.send.mock.calls.map(([item]) => item.body)).toEqual(['kept first', 'unstorable']);
    await vi.waitFor(async () => expect(await inner.load()).toEqual([]));
  });

  it('waits while offline and then sends in the order written, across conversations', async () => {
    const ctx = setup({ online: false });
    ctx.outbox.enqueue('c1', 'one');
    ctx.outbox.enqueue('c2', 'two');
    ctx.outbox.enqueue('c1', 'three');
    expect(ctx.send).not.toHaveBeenCalled();
    ctx.goOnline();
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(3));
    expect(ctx.send.mock.calls.map(([item]) => item.body)).toEqual(['one', 'two', 'three']);
  });

  it('stops when the connection drops mid-way and resumes with the same clientId', async () => {
    const ctx = setup();
    ctx.send.mockRejectedValueOnce(new CommandError('disconnected', 'gone'));
    const item = ctx.outbox.enqueue('c1', 'hello');
    await vi.waitFor(() => expect(ctx.send).toHaveBeenCalledTimes(1));
    ctx.goOffline();
    expect(ctx.store.getState().outbox.c1?.[0]?.state).toBe('pending');
    ctx.goOnline();
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(1));
    expect(ctx.send.mock.calls.map(([sent]) => sent.clientId)).toEqual([item.clientId, item.clientId]);
  });

  it('retries after a transient refusal (timeout, rate limit) on its own', async () => {
    const ctx = setup();
    ctx.send
      .mockRejectedValueOnce(new CommandError('timeout', 'slow'))
      .mockRejectedValueOnce(new CommandError('rate_limited', 'slow down'));
    ctx.outbox.enqueue('c1', 'hello');
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(1));
    expect(ctx.send).toHaveBeenCalledTimes(3);
  });

  it('marks a refused message failed with the reason, and Retry and Discard work', async () => {
    const ctx = setup();
    ctx.send.mockRejectedValueOnce(new CommandError('too_large', 'body: too long'));
    const item = ctx.outbox.enqueue('c1', 'x');
    await vi.waitFor(() => expect(ctx.store.getState().outbox.c1?.[0]?.state).toBe('failed'));
    expect(ctx.store.getState().outbox.c1?.[0]?.error).toEqual({
      code: 'too_large',
      message: 'body: too long',
    });
    ctx.outbox.retry(item.clientId);
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(1));

    ctx.send.mockRejectedValueOnce(new CommandError('forbidden', 'no'));
    const other = ctx.outbox.enqueue('c1', 'y');
    await vi.waitFor(() => expect(ctx.store.getState().outbox.c1?.[0]?.state).toBe('failed'));
    ctx.outbox.discard(other.clientId);
    expect(ctx.store.getState().outbox.c1).toEqual([]);
    expect(ctx.outbox.pendingCount()).toBe(0);
  });

  it('restores items kept by a persistent storage and sends them', async () => {
    const storage = new InMemoryOutboxStorage();
    await storage.save({
      clientId: 'kept-1',
      conversationId: 'c1',
      body: 'written before a restart',
      createdAt: 5,
      state: 'pending',
      error: null,
    });
    const ctx = setup({ storage });
    await ctx.outbox.restore();
    await vi.waitFor(() => expect(ctx.delivered).toHaveLength(1));
    expect(ctx.send.mock.calls[0]?.[0].clientId).toBe('kept-1');
  });

  it('forgets an item when its message arrives from elsewhere (e.g. history after a lost ack)', () => {
    const ctx = setup({ online: false });
    const item = ctx.outbox.enqueue('c1', 'hello');
    ctx.outbox.acknowledge(messageFor(item, 7));
    expect(ctx.store.getState().outbox.c1).toEqual([]);
  });
});
