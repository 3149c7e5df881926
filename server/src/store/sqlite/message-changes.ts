import type { Database, Statement } from 'better-sqlite3';
import type { ArchivePayload } from '../../compliance/entries';
import {
  type MessageChange,
  type MessageDeletion,
  type MessageEdit,
  MessageRuleError,
  NotFoundError,
  type ReactionChange,
} from '../types';
import type { ArchiveLog } from './archive';
import type { MessageHydrator } from './message-hydration';
import { MESSAGE_COLUMNS, type MessageRow } from './rows';

/**
 * Edits, deletes and reactions, as synchronous steps the message repository runs inside
 * its group commit. An edit or a delete appends a version and moves `messages.version`;
 * the earlier versions and `messages.body` are never touched. Each change that changed
 * something is also an archive entry, in the same transaction.
 */
export class SqliteMessageChanges {
  private readonly selectRow: Statement<[string], MessageRow>;
  private readonly selectCurrentBody: Statement<[string, number], { body: string }>;
  private readonly insertVersion: Statement<[string, number, string, string, number, string]>;
  private readonly markEdited: Statement<[number, number, string, string]>;
  private readonly markDeleted: Statement<[number, number, string]>;
  private readonly insertReaction: Statement<[string, string, string, number]>;
  private readonly deleteReaction: Statement<[string, string, string]>;

  constructor(
    db: Database,
    private readonly hydrator: MessageHydrator,
    private readonly archive: ArchiveLog,
  ) {
    this.selectRow = db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`);
    this.selectCurrentBody = db.prepare(
      'SELECT body FROM message_versions WHERE message_id = ? AND version = ?',
    );
    this.insertVersion = db.prepare(
      `INSERT INTO message_versions (message_id, version, kind, body, at, actor_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.markEdited = db.prepare('UPDATE messages SET version = ?, edited_at = ?, mentions = ? WHERE id = ?');
    this.markDeleted = db.prepare(
      "UPDATE messages SET version = ?, deleted_at = ?, mentions = '[]' WHERE id = ?",
    );
    this.insertReaction = db.prepare(
      `INSERT INTO message_reactions (message_id, user_id, emoji, at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    this.deleteReaction = db.prepare(
      'DELETE FROM message_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?',
    );
  }

  edit(edit: MessageEdit): MessageChange {
    const row = this.ownRow(edit.messageId, edit.actorId);
    if (row.deleted_at !== null) {
      throw new MessageRuleError('deleted', 'messageId: a deleted message cannot be edited');
    }
    const current = this.selectCurrentBody.get(row.id, row.version)?.body ?? row.body;
    if (current === edit.body) return this.unchanged(row);
    const version = row.version + 1;
    this.insertVersion.run(row.id, version, 'edited', edit.body, edit.at, edit.actorId);
    this.markEdited.run(version, edit.at, JSON.stringify(edit.mentions), row.id);
    this.record(row, edit.actorId, edit.at, {
      kind: 'message.edited',
      seq: row.seq,
      version,
      body: edit.body,
      mentions: [...edit.mentions],
    });
    return this.changed(row.id);
  }

  delete(deletion: MessageDeletion): MessageChange {
    const row = this.ownRow(deletion.messageId, deletion.actorId);
    if (row.deleted_at !== null) return this.unchanged(row);
    const version = row.version + 1;
    this.insertVersion.run(row.id, version, 'deleted', '', deletion.at, deletion.actorId);
    this.markDeleted.run(version, deletion.at, row.id);
    this.record(row, deletion.actorId, deletion.at, { kind: 'message.deleted', seq: row.seq, version });
    return this.changed(row.id);
  }

  addReaction(change: ReactionChange): MessageChange {
    const row = this.existingRow(change.messageId);
    if (row.deleted_at !== null) {
      throw new MessageRuleError('deleted', 'messageId: a deleted message cannot get reactions');
    }
    const { changes } = this.insertReaction.run(row.id, change.userId, change.emoji, change.at);
    if (changes === 0) return this.unchanged(row);
    this.record(row, change.userId, change.at, { kind: 'reaction.added', emoji: change.emoji });
    return this.changed(row.id);
  }

  removeReaction(change: ReactionChange): MessageChange {
    const row = this.existingRow(change.messageId);
    const { changes } = this.deleteReaction.run(row.id, change.userId, change.emoji);
    if (changes === 0) return this.unchanged(row);
    this.record(row, change.userId, change.at, { kind: 'reaction.removed', emoji: change.emoji });
    return this.changed(row.id);
  }

  private record(row: MessageRow, actorId: string, at: number, payload: ArchivePayload): void {
    this.archive.append({
      at,
      conversationId: row.conversation_id,
      actor: this.archive.person(actorId),
      messageId: row.id,
      payload,
    });
  }

  private existingRow(messageId: string): MessageRow {
    const row = this.selectRow.get(messageId);
    if (!row) throw new NotFoundError(`no message ${messageId}`);
    return row;
  }

  /** The message, if `actorId` may change it: its sender, and not a system message. */
  private ownRow(messageId: string, actorId: string): MessageRow {
    const row = this.existingRow(messageId);
    if (row.kind === 'system') {
      throw new MessageRuleError('system', 'messageId: system messages cannot be changed');
    }
    if (row.sender_id !== actorId) {
      throw new MessageRuleError('not_sender', 'messageId: only its sender may change a message');
    }
    return row;
  }

  private unchanged(row: MessageRow): MessageChange {
    const [message] = this.hydrator.toMessages([row]);
    if (!message) throw new Error(`message ${row.id} vanished`);
    return { message, changed: false };
  }

  private changed(messageId: string): MessageChange {
    const message = this.hydrator.byId(messageId);
    if (!message) throw new Error(`message ${messageId} vanished`);
    return { message, changed: true };
  }
}
