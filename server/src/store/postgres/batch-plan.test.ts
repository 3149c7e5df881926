import { describe, expect, it } from 'vitest';
import { chainBreak } from '../../compliance/chain';
import type { ArchiveEntry } from '../../compliance/entries';
import { type NewMessage, NotFoundError, NotMemberError } from '../types';
import { PostgresArchiveLog } from './archive-log';
import { type BatchContext, type ConversationContext, idempotencyKey } from './batch-context';
import { planBatch } from './batch-plan';
import { sentMessage } from './sent-message';

/** The group commit's decisions, without a database: what each append gets and what is written. */
const archive = new PostgresArchiveLog();
const seal = archive.seal.bind(archive);
const person = (id: string) => ({ id, email: `${id}@acme.test`, name: id });

const conversation = (lastSeq: number, head: ConversationContext['head'] = null): ConversationContext => ({
  lastSeq,
  members: [person('alice'), person('bob')],
  head,
});

const context = (overrides: Partial<BatchContext> = {}): BatchContext => ({
  conversations: new Map([
    ['x', conversation(4, { chainSeq: 7, hash: 'a'.repeat(64) })],
    ['y', conversation(0)],
  ]),
  stored: new Map(),
  senders: new Set(['alice', 'bob', 'outsider']),
  ...overrides,
});

let counter = 0;
const message = (conversationId: string, extra: Partial<NewMessage> = {}): NewMessage => {
  counter += 1;
  return {
    conversationId,
    senderId: 'alice',
    clientId: `c${counter}`,
    body: `m${counter}`,
    sentAt: counter,
    ...extra,
  };
};

/** Why the entries of one chain, in order, do not link up from `head`, or null. */
function chainProblem(entries: readonly ArchiveEntry[], head: ConversationContext['head']): string | null {
  let previous = head;
  for (const entry of entries) {
    const broken = chainBreak(previous, entry);
    if (broken) return `${entry.chainSeq}: ${broken}`;
    previous = { chainSeq: entry.chainSeq, hash: entry.hash };
  }
  return null;
}

describe('planBatch', () => {
  it('numbers interleaved conversations consecutively each, and chains each one’s entries', () => {
    const messages = [
      message('x'),
      message('y'),
      message('x'),
      message('y', { senderId: 'bob' }),
      message('x'),
    ];
    const { outcomes, writes } = planBatch(messages, context(), seal);
    expect(outcomes.map((outcome) => outcome.ok && outcome.value.message.seq)).toEqual([5, 1, 6, 2, 7]);
    const chain = (id: string) => writes.entries.filter((entry) => entry.chain === id);
    expect(chain('x').map((entry) => entry.chainSeq)).toEqual([8, 9, 10]);
    expect(chainProblem(chain('x'), { chainSeq: 7, hash: 'a'.repeat(64) })).toBeNull();
    expect(chainProblem(chain('y'), null)).toBeNull();
    expect(writes.conversations).toEqual([
      { id: 'x', lastSeq: 7, lastActivityAt: messages[4]?.sentAt },
      { id: 'y', lastSeq: 2, lastActivityAt: messages[3]?.sentAt },
    ]);
  });

  it('stores a clientId once when it comes twice, and answers a stored one with it', () => {
    const twice = message('x');
    const retried = message('y');
    const stored = sentMessage(retried, 1);
    const { outcomes, writes } = planBatch(
      [twice, { ...twice, body: 'again' }, retried],
      context({ stored: new Map([[idempotencyKey(retried), stored]]) }),
      seal,
    );
    const [first, second, third] = outcomes.map((outcome) => (outcome.ok ? outcome.value : null));
    expect(first?.created).toBe(true);
    expect(second).toEqual({ message: first?.message, created: false, memberIds: ['alice', 'bob'] });
    expect(third).toEqual({ message: stored, created: false, memberIds: ['alice', 'bob'] });
    expect(writes.messages.map((written) => written.body)).toEqual([twice.body]);
  });

  it('refuses an append alone, taking no seq nor chain position', () => {
    const messages = [
      message('x'),
      message('x', { senderId: 'outsider' }),
      message('x', { senderId: 'ghost' }),
      message('z'),
      message('x'),
    ];
    const { outcomes, writes } = planBatch(messages, context(), seal);
    expect(outcomes[1]).toMatchObject({ ok: false, error: expect.any(NotMemberError) });
    expect(outcomes[2]).toMatchObject({ ok: false, error: expect.any(NotFoundError) });
    expect(outcomes[3]).toMatchObject({ ok: false, error: expect.any(NotFoundError) });
    expect(writes.messages.map((written) => written.seq)).toEqual([5, 6]);
    expect(writes.entries.map((entry) => entry.chainSeq)).toEqual([8, 9]);
  });

  it('archives no system message, and writes nothing when nothing is stored', () => {
    const system = message('y', { kind: 'system', system: null });
    expect(planBatch([system], context(), seal).writes).toMatchObject({
      messages: [{ seq: 1, kind: 'system' }],
      entries: [],
    });
    expect(planBatch([message('z')], context(), seal).writes).toEqual({
      messages: [],
      entries: [],
      conversations: [],
    });
  });
});
