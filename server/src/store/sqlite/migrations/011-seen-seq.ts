import type { Migration } from '../migrate';

/**
 * "Mark as unread" (docs/protocol-notes.md, "Messages v2, follow-up"): a member may move their
 * read position back, but what the others were shown as "Seen" must not move back with it.
 * `seen_seq` keeps the highest position the others have seen when `read_seq` is lowered; the
 * others' `readSeqs` are `max(read_seq, seen_seq)`.
 */
export const seenSeq: Migration = {
  version: 11,
  name: 'seen position kept when a member marks a conversation unread',
  up(db) {
    db.exec('ALTER TABLE conversation_members ADD COLUMN seen_seq INTEGER NOT NULL DEFAULT 0');
  },
};
