import type { Database } from 'better-sqlite3';
import { type ArchivedPerson, archivedFile } from '../../compliance/entries';
import { ArchiveLog } from './archive';

interface ConversationRow {
  id: string;
  kind: 'direct' | 'group';
  title: string | null;
  created_at: number;
}

interface MessageRow {
  id: string;
  seq: number;
  sender_id: string;
  body: string;
  sent_at: number;
  reply_to_id: string | null;
  mentions: string;
}

interface VersionRow {
  version: number;
  kind: 'edited' | 'deleted';
  body: string;
  at: number;
  actor_id: string;
}

/**
 * Once, when the archive is created (migration 12) in a database that already holds
 * conversations: writes what the database still knows of them into the archive, each entry's
 * payload marked `backfilled: true` — the conversation with its members now, every user
 * message with every kept version, the reactions now. What was never stored (who was a member
 * when an old message was sent, reactions since removed) cannot be recovered; docs/compliance.md
 * says so. Never run again afterwards: re-creating entries later would hide a deleted one.
 */
export function backfillArchive(db: Database): number {
  const archive = new ArchiveLog(db);
  const conversations = db
    .prepare<[], ConversationRow>(
      'SELECT id, kind, title, created_at FROM conversations ORDER BY created_at, id',
    )
    .all();
  const messages = db.prepare<[string], MessageRow>(
    `SELECT id, seq, sender_id, body, sent_at, reply_to_id, mentions FROM messages
     WHERE conversation_id = ? AND kind = 'user' ORDER BY seq`,
  );
  const versions = db.prepare<[string], VersionRow>(
    'SELECT version, kind, body, at, actor_id FROM message_versions WHERE message_id = ? AND version > 1 ORDER BY version',
  );
  const attachments = db.prepare<
    [string],
    {
      id: string;
      name: string;
      size: number;
      mime: string;
      sha256: string;
      scan: 'pending' | 'clean' | 'infected';
    }
  >(
    `SELECT f.id, f.name, f.size, f.mime, f.sha256, f.scan FROM message_attachments a
     JOIN files f ON f.id = a.file_id WHERE a.message_id = ? ORDER BY a.position`,
  );
  const reactions = db.prepare<[string], { user_id: string; emoji: string; at: number }>(
    'SELECT user_id, emoji, at FROM message_reactions WHERE message_id = ? ORDER BY at, user_id, emoji',
  );
  let written = 0;
  const append = (entry: Parameters<ArchiveLog['append']>[0]) => {
    archive.append({ ...entry, backfilled: true });
    written += 1;
  };
  for (const conversation of conversations) {
    const members: ArchivedPerson[] = archive.members(conversation.id);
    append({
      at: conversation.created_at,
      conversationId: conversation.id,
      actor: null,
      messageId: null,
      payload: {
        kind: 'conversation.created',
        conversationKind: conversation.kind,
        title: conversation.title ?? '',
        members,
      },
    });
    for (const message of messages.all(conversation.id)) {
      append({
        at: message.sent_at,
        conversationId: conversation.id,
        actor: archive.person(message.sender_id),
        messageId: message.id,
        payload: {
          kind: 'message.sent',
          seq: message.seq,
          body: message.body,
          replyToId: message.reply_to_id,
          mentions: JSON.parse(message.mentions) as string[],
          attachments: attachments.all(message.id).map(archivedFile),
          recipients: members.filter((member) => member.id !== message.sender_id),
          integrationId: null,
        },
      });
      for (const version of versions.all(message.id)) {
        append({
          at: version.at,
          conversationId: conversation.id,
          actor: archive.person(version.actor_id),
          messageId: message.id,
          payload:
            version.kind === 'edited'
              ? {
                  kind: 'message.edited',
                  seq: message.seq,
                  version: version.version,
                  body: version.body,
                  mentions: [],
                }
              : { kind: 'message.deleted', seq: message.seq, version: version.version },
        });
      }
      for (const reaction of reactions.all(message.id)) {
        append({
          at: reaction.at,
          conversationId: conversation.id,
          actor: archive.person(reaction.user_id),
          messageId: message.id,
          payload: { kind: 'reaction.added', emoji: reaction.emoji },
        });
      }
    }
  }
  return written;
}
