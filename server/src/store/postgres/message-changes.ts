import type pg from 'pg';
import type { ArchivedPerson, ArchivePayload } from '../../compliance/entries';
import {
  type MessageChange,
  type MessageDeletion,
  type MessageEdit,
  MessageRuleError,
  NotFoundError,
  type ReactionChange,
} from '../types';
import { type ChainPosition, type PostgresArchiveLog, unknownPerson } from './archive-log';
import { messageById } from './message-reads';
import { type HydratedMessageRow, hydratedMessageColumns, toMessage } from './message-rows';
import { QueryParams } from './queryable';
import { assertStorableText } from './stored-text';

interface LockedMessageRow extends HydratedMessageRow {
  /** json: the head of the conversation's archive chain, or null. */
  archive_head: ChainPosition | null;
  /** json: the actor as the archive names them, or null when there is no such user. */
  actor: ArchivedPerson | null;
}

/**
 * Edits, deletes and reactions, each inside the caller's transaction. An edit or a delete
 * appends a version and moves `messages.version`; the earlier versions and `messages.body` are
 * never touched. Each change that changed something is also an archive entry, written under the
 * lock of the message's conversation (its chain's head).
 */
export class PostgresMessageChanges {
  constructor(private readonly archive: PostgresArchiveLog) {}

  async edit(client: pg.PoolClient, edit: MessageEdit): Promise<MessageChange> {
    assertStorableText('body', edit.body);
    const row = await this.ownRow(client, edit.messageId, edit.actorId);
    if (row.deleted_at !== null) {
      throw new MessageRuleError('deleted', 'messageId: a deleted message cannot be edited');
    }
    if ((row.current_body ?? row.body) === edit.body) return unchanged(row);
    const version = row.version + 1;
    const params = new QueryParams();
    const id = params.add(row.id);
    const versionParam = params.add(version);
    const at = params.add(edit.at);
    const archived = this.entrySql(params, row, edit.at, {
      kind: 'message.edited',
      seq: row.seq,
      version,
      body: edit.body,
      mentions: [...edit.mentions],
    });
    await client.query(
      `WITH version AS (
         INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
         VALUES (${id}, ${versionParam}, 'edited', ${params.add(edit.body)}, ${at}, ${params.add(edit.actorId)})
       ), archived AS (${archived})
       UPDATE messages SET version = ${versionParam}, edited_at = ${at},
         mentions = ${params.add(JSON.stringify(edit.mentions))}::jsonb
       WHERE id = ${id}`,
      params.values,
    );
    return changed(client, row.id);
  }

  async delete(client: pg.PoolClient, deletion: MessageDeletion): Promise<MessageChange> {
    const row = await this.ownRow(client, deletion.messageId, deletion.actorId);
    if (row.deleted_at !== null) return unchanged(row);
    const version = row.version + 1;
    const params = new QueryParams();
    const id = params.add(row.id);
    const versionParam = params.add(version);
    const at = params.add(deletion.at);
    const archived = this.entrySql(params, row, deletion.at, {
      kind: 'message.deleted',
      seq: row.seq,
      version,
    });
    await client.query(
      `WITH version AS (
         INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
         VALUES (${id}, ${versionParam}, 'deleted', '', ${at}, ${params.add(deletion.actorId)})
       ), archived AS (${archived})
       UPDATE messages SET version = ${versionParam}, deleted_at = ${at}, mentions = '[]'::jsonb
       WHERE id = ${id}`,
      params.values,
    );
    return changed(client, row.id);
  }

  async addReaction(client: pg.PoolClient, change: ReactionChange): Promise<MessageChange> {
    assertStorableText('emoji', change.emoji);
    const row = await this.lockedRow(client, change.messageId, change.userId);
    if (row.deleted_at !== null) {
      throw new MessageRuleError('deleted', 'messageId: a deleted message cannot get reactions');
    }
    const inserted = await client.query(
      `INSERT INTO message_reactions (message_id, user_id, emoji, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [row.id, change.userId, change.emoji, change.at],
    );
    if (inserted.rowCount === 0) return unchanged(row);
    await this.record(client, row, change.at, { kind: 'reaction.added', emoji: change.emoji });
    return changed(client, row.id);
  }

  async removeReaction(client: pg.PoolClient, change: ReactionChange): Promise<MessageChange> {
    const row = await this.lockedRow(client, change.messageId, change.userId);
    const deleted = await client.query(
      'DELETE FROM message_reactions WHERE message_id = $1 AND user_id = $2 AND emoji = $3',
      [row.id, change.userId, change.emoji],
    );
    if (deleted.rowCount === 0) return unchanged(row);
    await this.record(client, row, change.at, { kind: 'reaction.removed', emoji: change.emoji });
    return changed(client, row.id);
  }

  private async record(client: pg.PoolClient, row: LockedMessageRow, at: number, payload: ArchivePayload) {
    const params = new QueryParams();
    await client.query(this.entrySql(params, row, at, payload), params.values);
  }

  /** The archive entry of a change by `row.actor`, right after the head read under the lock. */
  private entrySql(params: QueryParams, row: LockedMessageRow, at: number, payload: ArchivePayload): string {
    const entry = this.archive.seal(
      { at, conversationId: row.conversation_id, actor: row.actor, messageId: row.id, payload },
      row.archive_head,
    );
    return this.archive.insertSql(params, entry);
  }

  /**
   * Locks the message's conversation (its chain's head, and every other change of the message),
   * then reads the message as the previous lock holder left it: a statement of its own, so it
   * sees what they committed.
   */
  private async lockedRow(
    client: pg.PoolClient,
    messageId: string,
    actorId: string,
  ): Promise<LockedMessageRow> {
    const locked = await client.query(
      `SELECT c.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.id = $1 FOR NO KEY UPDATE OF c`,
      [messageId],
    );
    if (locked.rowCount === 0) throw new NotFoundError(`no message ${messageId}`);
    const result = await client.query<LockedMessageRow>(
      `SELECT ${hydratedMessageColumns('m')},
         (SELECT json_build_object('chainSeq', e.chain_seq, 'hash', e.hash) FROM archive_entries e
           WHERE e.chain = m.conversation_id ORDER BY e.chain_seq DESC LIMIT 1) AS archive_head,
         (SELECT json_build_object('id', u.id, 'email', u.email, 'name', u.name) FROM users u
           WHERE u.id = $2) AS actor
       FROM messages m WHERE m.id = $1`,
      [messageId, actorId],
    );
    const row = result.rows[0];
    if (!row) throw new NotFoundError(`no message ${messageId}`);
    return { ...row, actor: row.actor ?? unknownPerson(actorId) };
  }

  /** The message, if `actorId` may change it: its sender, and not a system message. */
  private async ownRow(client: pg.PoolClient, messageId: string, actorId: string): Promise<LockedMessageRow> {
    const row = await this.lockedRow(client, messageId, actorId);
    if (row.kind === 'system') {
      throw new MessageRuleError('system', 'messageId: system messages cannot be changed');
    }
    if (row.sender_id !== actorId) {
      throw new MessageRuleError('not_sender', 'messageId: only its sender may change a message');
    }
    return row;
  }
}

function unchanged(row: HydratedMessageRow): MessageChange {
  return { message: toMessage(row), changed: false };
}

async function changed(client: pg.PoolClient, messageId: string): Promise<MessageChange> {
  const message = await messageById(client, messageId);
  if (!message) throw new Error(`message ${messageId} vanished`);
  return { message, changed: true };
}
