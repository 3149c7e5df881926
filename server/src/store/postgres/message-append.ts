import type { Message, ReplyQuote } from '@beacon/protocol';
import type pg from 'pg';
import type { ArchivedPerson } from '../../compliance/entries';
import { MessageRuleError, type NewMessage, NotFoundError, NotMemberError } from '../types';
import type { ChainPosition, PostgresArchiveLog } from './archive-log';
import { lockConversation } from './conversation-lock';
import { messageById, quoteOf } from './message-reads';
import { prepared, QueryParams } from './queryable';
import { type AttachableFileRow, sentEvent, sentMessage } from './sent-message';
import { assertStorableText } from './stored-text';

export type AppendResult = { message: Message; created: boolean; memberIds: string[] };

interface AppendContext {
  /** Null when there is no such conversation. */
  last_seq: number | null;
  existing_id: string | null;
  sender_exists: boolean;
  /** json: the current members in member order, as the archive names them. */
  members: ArchivedPerson[];
  /** json: the archive chain's head, or null. */
  head: ChainPosition | null;
}

/**
 * What an append reads once it holds the conversation's lock, in one statement: a stored
 * message with the same clientId (a retry), the members (whom the message is for; the sender
 * must be one) and the head of the conversation's archive chain.
 */
const CONTEXT_SQL = `
  SELECT
    (SELECT last_seq FROM conversations WHERE id = $1) AS last_seq,
    (SELECT id FROM messages WHERE conversation_id = $1 AND sender_id = $2 AND client_id = $3) AS existing_id,
    EXISTS (SELECT 1 FROM users WHERE id = $2) AS sender_exists,
    coalesce((
      SELECT json_agg(json_build_object('id', u.id, 'email', u.email, 'name', u.name) ORDER BY m.position)
      FROM conversation_members m JOIN users u ON u.id = m.user_id
      WHERE m.conversation_id = $1), '[]') AS members,
    (SELECT json_build_object('chainSeq', chain_seq, 'hash', hash) FROM archive_entries
      WHERE chain = $1 ORDER BY chain_seq DESC LIMIT 1) AS head`;

/**
 * Appends a message inside the caller's transaction: the next gapless seq under the
 * conversation's row lock, the membership checked under the same lock (a removal committed
 * first wins), and the `message.sent` archive entry in the same statement as the message.
 */
export class PostgresMessageAppender {
  constructor(private readonly archive: PostgresArchiveLog) {}

  async appendWithin(client: pg.PoolClient, message: NewMessage): Promise<AppendResult> {
    await lockConversation(client, message.conversationId);
    return this.appendLocked(client, message);
  }

  /**
   * `appendWithin` for a caller that holds the conversation's lock already (a group commit
   * locks every conversation of its batch at once). Every refusal is thrown before anything is
   * written, so the transaction stays usable for the other appends of a batch.
   */
  async appendLocked(client: pg.PoolClient, message: NewMessage): Promise<AppendResult> {
    assertStorableText('body', message.body);
    assertStorableText('clientId', message.clientId);
    const context = (
      await client.query<AppendContext>(
        prepared(CONTEXT_SQL, [message.conversationId, message.senderId, message.clientId]),
      )
    ).rows[0];
    if (!context) throw new Error('the append context query returned no row');
    const lastSeq = context.last_seq;
    if (lastSeq === null) throw new NotFoundError(`no conversation ${message.conversationId}`);
    const memberIds = context.members.map((member) => member.id);
    if (context.existing_id !== null) {
      const stored = await messageById(client, context.existing_id);
      if (stored) return { message: stored, created: false, memberIds };
    }
    if (!memberIds.includes(message.senderId)) {
      if (!context.sender_exists) throw new NotFoundError('the sender does not exist');
      throw new NotMemberError('you are not a member of this conversation');
    }
    const replyToId = message.replyToId ?? null;
    const replyTo =
      replyToId === null ? null : await this.replyQuote(client, replyToId, message.conversationId);
    const files = await this.attachable(client, message.attachmentIds ?? [], message.senderId);
    const stored = sentMessage(message, lastSeq + 1, replyTo, files);
    const params = new QueryParams();
    const steps = [this.insertMessage(params, stored)];
    if (files.length > 0) steps.push(this.insertAttachments(params, stored.id, files));
    // A system message is the transcript's note of a change the conversation store archives itself.
    if (stored.kind === 'user') {
      steps.push(this.archiveSent(params, stored, context, files, message.integrationId ?? null));
    }
    await client.query(
      prepared(
        `WITH ${steps.map((step, index) => `step${index} AS (${step})`).join(', ')}
         UPDATE conversations SET last_seq = ${params.add(stored.seq)},
           last_activity_at = greatest(last_activity_at, ${params.add(stored.sentAt)})
         WHERE id = ${params.add(stored.conversationId)}`,
        params.values,
      ),
    );
    return { message: stored, created: true, memberIds };
  }

  private insertMessage(params: QueryParams, message: Message): string {
    const values = [
      params.add(message.id),
      params.add(message.conversationId),
      params.add(message.seq),
      params.add(message.senderId),
      params.add(message.clientId),
      params.add(message.body),
      params.add(message.sentAt),
      params.add(message.kind),
      `${params.add(message.system === null ? null : JSON.stringify(message.system))}::jsonb`,
      params.add(message.replyToId),
      `${params.add(JSON.stringify(message.mentions))}::jsonb`,
    ];
    // Version 1 goes to message_versions by trigger, whoever appends.
    return `INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, body, sent_at,
        kind, system, reply_to_id, mentions)
      VALUES (${values.join(', ')})`;
  }

  private insertAttachments(
    params: QueryParams,
    messageId: string,
    files: readonly AttachableFileRow[],
  ): string {
    return `INSERT INTO message_attachments (message_id, file_id, position)
      SELECT ${params.add(messageId)}, file_id, position - 1
      FROM unnest(${params.add(files.map((file) => file.id))}::text[]) WITH ORDINALITY AS a (file_id, position)`;
  }

  private archiveSent(
    params: QueryParams,
    message: Message,
    context: AppendContext,
    files: readonly AttachableFileRow[],
    integrationId: string | null,
  ): string {
    const entry = this.archive.seal(sentEvent(message, context.members, integrationId, files), context.head);
    return this.archive.insertSql(params, entry);
  }

  private async replyQuote(
    client: pg.PoolClient,
    replyToId: string,
    conversationId: string,
  ): Promise<ReplyQuote> {
    const target = await quoteOf(client, replyToId);
    if (target?.conversationId !== conversationId) {
      throw new MessageRuleError(
        'reply_elsewhere',
        `replyToId: no message ${replyToId} in this conversation`,
      );
    }
    return target.quote;
  }

  /** The files, in the given order, if the sender uploaded every one and none is infected. */
  private async attachable(
    client: pg.PoolClient,
    fileIds: readonly string[],
    senderId: string,
  ): Promise<AttachableFileRow[]> {
    if (fileIds.length === 0) return [];
    // The files table itself: the append must see the files as they are in its own transaction.
    const result = await client.query<AttachableFileRow>(
      `SELECT id, uploader_id, name, size, mime, sha256, scan, thumbnail FROM files WHERE id = ANY($1::text[])`,
      [[...new Set(fileIds)]],
    );
    const files = new Map(result.rows.map((row) => [row.id, row]));
    return fileIds.map((fileId) => {
      const file = files.get(fileId);
      if (!file || file.uploader_id !== senderId) {
        throw new MessageRuleError(
          'attachment_refused',
          `attachments: you have not uploaded a file ${fileId}`,
        );
      }
      if (file.scan === 'infected') {
        throw new MessageRuleError('attachment_refused', `attachments: “${file.name}” is infected`);
      }
      return file;
    });
  }
}
