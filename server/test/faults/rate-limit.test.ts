import type { Conversation, Message } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { SESSION_RATE_LIMITS } from '../../src/realtime/rate-limit';
import { type AckResponse, EventLog, request } from '../helpers/client';
import { useInProcessServer } from './harness/suite';

const { session, connectAs } = useInProcessServer();

/** At most what the bucket could have allowed in `elapsedMs`: its burst plus the refill. */
function allowance(limit: { ratePerSecond: number; burst: number }, elapsedMs: number): number {
  return limit.burst + Math.ceil((limit.ratePerSecond * elapsedMs) / 1000);
}

describe('per-session rate limits', () => {
  it('answers a flood of message:send with rate_limited, stores none of the refused, and takes their retries later', async () => {
    const erin = await connectAs('erin');
    const frankId = (await session('frank')).user.id;
    const { conversation } = await request<AckResponse & { conversation: Conversation }>(
      erin,
      'conversation:open',
      {
        memberIds: [frankId],
      },
    );
    const flood = Array.from({ length: 600 }, (_, i) => ({
      conversationId: conversation.id,
      clientId: crypto.randomUUID(),
      body: `flood ${i}`,
    }));
    const startedAt = Date.now();
    const answers = await Promise.all(
      flood.map((payload) => request<AckResponse & { message?: Message }>(erin, 'message:send', payload)),
    );
    const elapsedMs = Date.now() - startedAt;
    const accepted = answers.filter((a) => a.ok);
    const refused = answers.filter((a) => !a.ok);
    expect(accepted.length).toBeGreaterThanOrEqual(SESSION_RATE_LIMITS.messageSend.burst);
    expect(accepted.length).toBeLessThanOrEqual(allowance(SESSION_RATE_LIMITS.messageSend, elapsedMs));
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.error).toEqual({
        code: 'rate_limited',
        message: expect.stringMatching(/at most 50 per second/),
      });
    }

    // Another session of the same user has its own allowance.
    const erinElsewhere = await connectAs('erin');
    const other = await request(erinElsewhere, 'message:send', {
      conversationId: conversation.id,
      clientId: crypto.randomUUID(),
      body: 'from the other session',
    });
    expect(other.ok).toBe(true);

    // The refused ones were not stored; retried later with the same clientIds, they are, once.
    const retried = flood.filter((_, i) => !answers[i]?.ok).slice(0, 20);
    for (const payload of retried) {
      let answer = await request(erin, 'message:send', payload);
      while (!answer.ok && answer.error?.code === 'rate_limited') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        answer = await request(erin, 'message:send', payload);
      }
      expect(answer.ok).toBe(true);
    }
    const stored: Message[] = [];
    for (let afterSeq = 0; ; ) {
      const page = await request<AckResponse & { messages: Message[]; more: boolean }>(
        erin,
        'message:history',
        {
          conversationId: conversation.id,
          afterSeq,
          limit: 200,
        },
      );
      stored.push(...page.messages);
      afterSeq = page.messages.at(-1)?.seq ?? afterSeq;
      if (!page.more) break;
    }
    const expected = accepted.length + 1 + retried.length;
    expect(stored).toHaveLength(expected);
    expect(new Set(stored.map((m) => m.clientId)).size).toBe(expected);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
    const neverRetried = new Set<string>(
      flood
        .filter((_, i) => !answers[i]?.ok)
        .slice(20)
        .map((p) => p.clientId),
    );
    expect(stored.filter((m) => neverRetried.has(m.clientId))).toEqual([]);
  });

  it('answers a flood of presence:subscribe with rate_limited and keeps the last accepted set', async () => {
    const grace = await connectAs('grace');
    const henryId = (await session('henry')).user.id;
    const startedAt = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 60 }, () => request(grace, 'presence:subscribe', { userIds: [henryId] })),
    );
    const elapsedMs = Date.now() - startedAt;
    const accepted = answers.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(SESSION_RATE_LIMITS.presenceSubscribe.burst);
    expect(accepted).toBeLessThanOrEqual(allowance(SESSION_RATE_LIMITS.presenceSubscribe, elapsedMs));
    for (const answer of answers.filter((a) => !a.ok)) {
      expect(answer.error).toEqual({
        code: 'rate_limited',
        message: expect.stringMatching(/presence subscriptions/),
      });
    }
    // A refused subscribe changed nothing: the session still hears about henry.
    const henry = await connectAs('henry');
    const heard = new EventLog(grace, 'presence');
    await request(henry, 'presence:set', { status: 'busy' });
    expect(await heard.waitFor((p) => p.status === 'busy')).toMatchObject({ userId: henryId });
  });
});
