import type pg from 'pg';
import type { NewMessage } from '../types';
import type { PostgresArchiveLog } from './archive-log';
import { readBatchContext } from './batch-context';
import { isRefusal, type Outcome, planBatch } from './batch-plan';
import { writeBatch } from './batch-write';
import type { PostgresMessageAppender } from './message-append';
import { assertStorableText } from './stored-text';

/** Appends a whole batch inside the caller's transaction, which holds every conversation's lock. */
export interface LockedBatchAppender {
  /** One outcome per message, in order; throws (the batch rolls back) on anything but a refusal. */
  appendAllLocked(client: pg.PoolClient, messages: readonly NewMessage[]): Promise<Outcome[]>;
}

/** A reply needs its quote read and attachments their files: those take the one-by-one path. */
function needsOwnStatements(message: NewMessage): boolean {
  return (message.replyToId ?? null) !== null || (message.attachmentIds?.length ?? 0) > 0;
}

/** Checked before the batch's context query, which would fail on such text for every append. */
function unstorable(message: NewMessage): RangeError | null {
  try {
    assertStorableText('body', message.body);
    assertStorableText('clientId', message.clientId);
    return null;
  } catch (error) {
    if (error instanceof RangeError) return error;
    throw error;
  }
}

/**
 * A batch in a constant number of round trips, whatever its size: one context statement, one
 * write statement (and one more read when some append is a retry). The conversations that have
 * a reply or an attachment in the batch (rare) take the one-append-at-a-time path instead, all
 * of their appends in order after the others, so each conversation's seqs follow arrival order.
 */
export class PostgresBatchAppender implements LockedBatchAppender {
  constructor(
    private readonly appender: Pick<PostgresMessageAppender, 'appendLocked'>,
    private readonly archive: Pick<PostgresArchiveLog, 'seal'>,
  ) {}

  async appendAllLocked(client: pg.PoolClient, messages: readonly NewMessage[]): Promise<Outcome[]> {
    const oneByOne = new Set(messages.filter(needsOwnStatements).map((message) => message.conversationId));
    const outcomes: Outcome[] = new Array(messages.length);
    const batched = messages.flatMap((message, index) => {
      if (oneByOne.has(message.conversationId)) return [];
      const refusal = unstorable(message);
      if (refusal === null) return [{ message, index }];
      outcomes[index] = { ok: false, error: refusal };
      return [];
    });
    if (batched.length > 0) {
      const batchedMessages = batched.map(({ message }) => message);
      const context = await readBatchContext(client, batchedMessages);
      const plan = planBatch(batchedMessages, context, (event, head) => this.archive.seal(event, head));
      await writeBatch(client, plan.writes);
      for (const [position, { index }] of batched.entries()) {
        const outcome = plan.outcomes[position];
        if (outcome) outcomes[index] = outcome;
      }
    }
    for (const [index, message] of messages.entries()) {
      if (!oneByOne.has(message.conversationId)) continue;
      try {
        outcomes[index] = { ok: true, value: await this.appender.appendLocked(client, message) };
      } catch (error) {
        if (!isRefusal(error)) throw error;
        outcomes[index] = { ok: false, error };
      }
    }
    return outcomes;
  }
}
