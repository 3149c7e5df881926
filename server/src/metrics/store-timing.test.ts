import type { Message } from '@beacon/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { ConversationRepository, MessageRepository } from '../store/types';
import { withCommitTiming } from './store-timing';

const message = { id: 'm1' } as Message;

function fakeStore() {
  const messages = {
    append: vi.fn(async () => ({ message, created: true, memberIds: ['u1'] })),
    edit: vi.fn(async () => ({ message, changed: true })),
    delete: vi.fn(async () => ({ message, changed: true })),
    addReaction: vi.fn(async () => ({ message, changed: true })),
    removeReaction: vi.fn(async () => ({ message, changed: false })),
    byId: vi.fn(async function (this: unknown) {
      return this === messages ? message : null;
    }),
  };
  const conversations = { markRead: vi.fn(async () => 7), readSeqs: vi.fn(async () => ({})) };
  return {
    messages: messages as unknown as MessageRepository,
    conversations: conversations as unknown as ConversationRepository,
    marker: 'kept',
    raw: { messages, conversations },
  };
}

describe('withCommitTiming', () => {
  it('times append, edit, delete, reactions and reads, and counts created messages', async () => {
    const metrics = { commitTimed: vi.fn(), messageSent: vi.fn() };
    const store = withCommitTiming(fakeStore(), metrics);
    const at = 1;
    await store.messages.append({
      conversationId: 'c',
      senderId: 'u1',
      clientId: 'x',
      body: 'hi',
      sentAt: at,
    });
    await store.messages.edit({ messageId: 'm1', actorId: 'u1', body: 'ho', mentions: [], at });
    await store.messages.delete({ messageId: 'm1', actorId: 'u1', at });
    await store.messages.addReaction({ messageId: 'm1', userId: 'u1', emoji: '👍', at });
    await store.messages.removeReaction({ messageId: 'm1', userId: 'u1', emoji: '👍', at });
    expect(await store.conversations.markRead('c', 'u1', 9)).toBe(7);
    expect(metrics.commitTimed.mock.calls.map(([operation]) => operation)).toEqual([
      'append',
      'edit',
      'delete',
      'reaction',
      'reaction',
      'read',
    ]);
    for (const [, seconds] of metrics.commitTimed.mock.calls) expect(seconds).toBeGreaterThanOrEqual(0);
    expect(metrics.messageSent).toHaveBeenCalledTimes(1);
  });

  it('does not count a retried clientId, nor time a refused commit', async () => {
    const metrics = { commitTimed: vi.fn(), messageSent: vi.fn() };
    const inner = fakeStore();
    inner.raw.messages.append.mockResolvedValueOnce({ message, created: false, memberIds: [] });
    inner.raw.messages.edit.mockRejectedValueOnce(new Error('not_sender'));
    const store = withCommitTiming(inner, metrics);
    await store.messages.append({
      conversationId: 'c',
      senderId: 'u1',
      clientId: 'x',
      body: 'hi',
      sentAt: 1,
    });
    await expect(
      store.messages.edit({ messageId: 'm1', actorId: 'u2', body: 'no', mentions: [], at: 1 }),
    ).rejects.toThrow('not_sender');
    expect(metrics.messageSent).not.toHaveBeenCalled();
    expect(metrics.commitTimed.mock.calls.map(([operation]) => operation)).toEqual(['append']);
  });

  it('passes everything else through, bound to the repository', async () => {
    const store = withCommitTiming(fakeStore(), { commitTimed: vi.fn(), messageSent: vi.fn() });
    expect(await store.messages.byId('m1')).toBe(message);
    expect(await store.conversations.readSeqs('c')).toEqual({});
    expect(store.marker).toBe('kept');
  });
});
