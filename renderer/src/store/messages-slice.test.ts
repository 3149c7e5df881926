import type { Message } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { V2_DEFAULTS } from '../test/messages';
import { createAppStore } from './index';
import { mergeBySeq } from './messages-slice';

const message = (seq: number): Message => ({
  ...V2_DEFAULTS,
  id: `m${seq}`,
  conversationId: 'c1',
  seq,
  senderId: 'u',
  clientId: `k${seq}`,
  body: `#${seq}`,
  sentAt: seq,
});
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
const seqs = (list: readonly Message[]) => list.map((m) => m.seq);

describe('mergeBySeq', () => {
  it('appends newer messages without copying per message', () => {
    const existing = range(1, 3);
    const result = mergeBySeq(existing, range(4, 5));
    expect(seqs(result.messages)).toEqual([1, 2, 3, 4, 5]);
    expect(result.addedBefore).toBe(0);
  });

  it('prepends older messages and counts them', () => {
    const result = mergeBySeq(range(51, 100), range(1, 50));
    expect(seqs(result.messages)).toEqual(seqs(range(1, 100)));
    expect(result.addedBefore).toBe(50);
  });

  it('drops duplicates and sorts out-of-order input', () => {
    const result = mergeBySeq(range(1, 3), [message(5), message(2), message(4), message(5)]);
    expect(seqs(result.messages)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports no change (and keeps the same array) when everything is known', () => {
    const existing = range(1, 3);
    const result = mergeBySeq(existing, [message(2)]);
    expect(result.changed).toBe(false);
    expect(result.messages).toBe(existing);
  });
});

describe('messages slice', () => {
  it('merges only into conversations that were opened', () => {
    const store = createAppStore();
    store.getState().mergeMessages('c1', [message(1)]);
    expect(store.getState().timelines.c1).toBeUndefined();
    store.getState().beginTimeline('c1');
    expect(store.getState().timelines.c1?.status).toBe('loading');
    store.getState().mergeMessages('c1', range(51, 100), { hasOlder: true });
    store.getState().mergeMessages('c1', range(1, 50), { hasOlder: false });
    const timeline = store.getState().timelines.c1;
    expect(timeline).toMatchObject({ status: 'ready', prepended: 50, hasOlder: false });
    expect(timeline?.messages).toHaveLength(100);
  });

  it('knows there is nothing older once seq 1 is loaded', () => {
    const store = createAppStore();
    store.getState().beginTimeline('c1');
    store.getState().mergeMessages('c1', range(1, 10), { hasOlder: true });
    expect(store.getState().timelines.c1?.hasOlder).toBe(false);
  });

  it('keeps a loading error until the next attempt', () => {
    const store = createAppStore();
    store.getState().beginTimeline('c1');
    store.getState().setTimelineError('c1', 'offline');
    expect(store.getState().timelines.c1).toMatchObject({ status: 'error', error: 'offline' });
    store.getState().beginTimeline('c1');
    expect(store.getState().timelines.c1).toMatchObject({ status: 'loading', error: null });
  });

  it('keeps outbox items per conversation in order, updating in place', () => {
    const store = createAppStore();
    const item = {
      clientId: 'a',
      conversationId: 'c1',
      body: 'x',
      createdAt: 1,
      state: 'pending' as const,
      error: null,
    };
    store.getState().putOutboxItem(item);
    store.getState().putOutboxItem({ ...item, clientId: 'b' });
    store.getState().putOutboxItem({ ...item, state: 'failed', error: { code: 'forbidden', message: 'no' } });
    expect(store.getState().outbox.c1?.map((entry) => `${entry.clientId}:${entry.state}`)).toEqual([
      'a:failed',
      'b:pending',
    ]);
    store.getState().removeOutboxItem('c1', 'a');
    expect(store.getState().outbox.c1?.map((entry) => entry.clientId)).toEqual(['b']);
  });
});
