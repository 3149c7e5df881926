import type { Conversation, Message } from '@beacon/protocol';
import { expect, it } from 'vitest';
import { TYPING_FORWARD_INTERVAL_MS } from '../../src/realtime/rate-limit-typing';
import { EventLog, request } from '../helpers/client';
import { useInProcessServer } from './harness/suite';

const TYPING_EVENTS = 2_000;
const MESSAGES = 50;

const { session, connectAs } = useInProcessServer();

it('throttles a burst of 2,000 typing notices without delaying or reordering one message', async () => {
  const alice = await connectAs('alice');
  const bob = await connectAs('bob');
  const bobId = (await session('bob')).user.id;
  const opened = await request<{ ok: boolean; conversation: Conversation }>(alice, 'conversation:open', {
    memberIds: [bobId],
  });
  const conversationId = opened.conversation.id;
  const typingSeen = new EventLog(bob, 'typing');
  const messagesSeen = new EventLog(bob, 'message');

  // Every 40th notice comes with a message; the notices are fire-and-forget (their acks
  // are counted, not awaited in between), the messages go the normal way.
  const startedAt = Date.now();
  const typingAcks: Array<Promise<unknown>> = [];
  const sends: Array<Promise<{ ok: boolean; message: Message }>> = [];
  for (let i = 0; i < TYPING_EVENTS; i++) {
    typingAcks.push(request(alice, 'typing', { conversationId, typing: i % 2 === 0 }));
    if (i % (TYPING_EVENTS / MESSAGES) === 0) {
      const n = sends.length;
      sends.push(
        request(alice, 'message:send', { conversationId, clientId: crypto.randomUUID(), body: `m${n}` }),
      );
    }
  }
  typingAcks.push(request(alice, 'typing', { conversationId, typing: false }));
  const acks = await Promise.all(sends);
  expect(acks.every((ack) => ack.ok)).toBe(true);
  await Promise.all(typingAcks);

  // Every message arrives, once, in the order sent, with gapless seq.
  const last = await messagesSeen.waitFor((event) => event.message.body === `m${MESSAGES - 1}`);
  expect(last.message.seq).toBe(MESSAGES);
  expect(messagesSeen.events.map((event) => event.message.body)).toEqual(
    Array.from({ length: MESSAGES }, (_, i) => `m${i}`),
  );
  expect(messagesSeen.events.map((event) => event.message.seq)).toEqual(
    Array.from({ length: MESSAGES }, (_, i) => i + 1),
  );

  // The last word on typing is "stopped" once the throttle window closed, and the burst
  // cost bob about one notice per window instead of 2,000.
  await new Promise((resolve) => setTimeout(resolve, TYPING_FORWARD_INTERVAL_MS * 3));
  const elapsedMs = Date.now() - startedAt;
  expect(typingSeen.events.at(-1)).toEqual({ conversationId, userId: expect.any(String), typing: false });
  expect(typingSeen.events.length).toBeGreaterThanOrEqual(2);
  expect(typingSeen.events.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / TYPING_FORWARD_INTERVAL_MS) + 2);
  expect(typingSeen.events.every((event) => event.userId !== bobId)).toBe(true);
});

it('sends typing notices only to the other members, never back to the typist', async () => {
  const carol = await connectAs('carol');
  const carolElsewhere = await connectAs('carol');
  const dave = await connectAs('dave');
  const daveId = (await session('dave')).user.id;
  const opened = await request<{ ok: boolean; conversation: Conversation }>(carol, 'conversation:open', {
    memberIds: [daveId],
  });
  const ownSeen = new EventLog(carolElsewhere, 'typing');
  const daveSeen = new EventLog(dave, 'typing');
  expect(await request(carol, 'typing', { conversationId: opened.conversation.id, typing: true })).toEqual({
    ok: true,
  });
  await daveSeen.waitFor((event) => event.typing);
  await request(carolElsewhere, 'contacts:list');
  expect(ownSeen.events).toEqual([]);
});
