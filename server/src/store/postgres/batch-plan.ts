import type { Message } from '@beacon/protocol';
import type { ArchiveEntry, ArchiveEvent } from '../../compliance/entries';
import { MessageRuleError, type NewMessage, NotFoundError, NotMemberError } from '../types';
import type { ChainPosition } from './archive-log';
import { type BatchContext, type ConversationContext, idempotencyKey } from './batch-context';
import type { AppendResult } from './message-append';
import { sentEvent, sentMessage } from './sent-message';

export type Outcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

/** A refusal is decided before anything is written: the batch's transaction goes on. */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof NotFoundError ||
    error instanceof NotMemberError ||
    error instanceof MessageRuleError ||
    error instanceof RangeError
  );
}

/** What a batch writes, in one statement (batch-write.ts). */
export interface BatchWrites {
  messages: Message[];
  /** The `message.sent` entries, each chained on the one before it in its conversation. */
  entries: ArchiveEntry[];
  conversations: Array<{ id: string; lastSeq: number; lastActivityAt: number }>;
}

export type Seal = (event: ArchiveEvent, head: ChainPosition | null) => ArchiveEntry;

interface Tally extends ConversationContext {
  lastActivityAt: number | null;
}

/**
 * Decides every append of a batch, in batch order, exactly as one append after another would:
 * consecutive seqs per conversation, each archive entry chained on its conversation's previous
 * one, a refusal for that append alone, and a clientId already stored (or stored earlier in the
 * same batch) answered with that message, `created: false`. Every text of `messages` is
 * storable (batch-append.ts checked it).
 */
export function planBatch(
  messages: readonly NewMessage[],
  context: BatchContext,
  seal: Seal,
): { outcomes: Outcome[]; writes: BatchWrites } {
  const tallies = new Map<string, Tally>();
  const created = new Map<string, Message>();
  const writes: BatchWrites = { messages: [], entries: [], conversations: [] };

  const decide = (message: NewMessage): AppendResult => {
    const tally = tallyOf(tallies, context, message.conversationId);
    const memberIds = tally.members.map((member) => member.id);
    const key = idempotencyKey(message);
    const stored = created.get(key) ?? context.stored.get(key);
    if (stored) return { message: stored, created: false, memberIds };
    if (!memberIds.includes(message.senderId)) {
      if (!context.senders.has(message.senderId)) throw new NotFoundError('the sender does not exist');
      throw new NotMemberError('you are not a member of this conversation');
    }
    const sent = sentMessage(message, tally.lastSeq + 1);
    tally.lastSeq = sent.seq;
    tally.lastActivityAt = Math.max(tally.lastActivityAt ?? sent.sentAt, sent.sentAt);
    // A system message is the transcript's note of a change the conversation store archives itself.
    if (sent.kind === 'user') {
      const entry = seal(sentEvent(sent, tally.members, message.integrationId ?? null), tally.head);
      tally.head = { chainSeq: entry.chainSeq, hash: entry.hash };
      writes.entries.push(entry);
    }
    created.set(key, sent);
    writes.messages.push(sent);
    return { message: sent, created: true, memberIds };
  };

  const outcomes = messages.map((message): Outcome => {
    try {
      return { ok: true, value: decide(message) };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return { ok: false, error };
    }
  });
  for (const [id, tally] of tallies) {
    if (tally.lastActivityAt !== null) {
      writes.conversations.push({ id, lastSeq: tally.lastSeq, lastActivityAt: tally.lastActivityAt });
    }
  }
  return { outcomes, writes };
}

function tallyOf(tallies: Map<string, Tally>, context: BatchContext, conversationId: string): Tally {
  let tally = tallies.get(conversationId);
  if (!tally) {
    const read = context.conversations.get(conversationId);
    if (!read) throw new NotFoundError(`no conversation ${conversationId}`);
    tally = { ...read, lastActivityAt: null };
    tallies.set(conversationId, tally);
  }
  return tally;
}
