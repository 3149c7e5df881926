import type { ConversationKind, Message, SystemEvent as ProtocolSystemEvent } from '@beacon/protocol';

/** Conversations, their members and member periods, and group changes. */
export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  /** The group title given at creation; null for direct conversations and untitled groups. */
  title: string | null;
  memberIds: string[];
  lastSeq: number;
  createdAt: number;
}

/** A conversation as one member sees it. */
export interface MemberConversationRecord extends ConversationRecord {
  readSeq: number;
  /** Messages with seq > readSeq sent by someone else. */
  unread: number;
  /** The unread (not deleted) ones that mention the viewer, ascending, at most the newest `LIMITS.unreadMentionSeqsMax`. */
  unreadMentionSeqs: number[];
  lastMessage: Message | null;
  /**
   * Conversations v2: true when the viewer was removed or left. Then `lastSeq` is the seq of
   * that system message (the last one they may read), `readSeq = lastSeq` and `unread = 0`.
   */
  left?: boolean;
}

export interface NewConversation {
  kind: ConversationKind;
  title: string | null;
  memberIds: string[];
  createdAt: number;
  /**
   * Conversations v2: who opened it. A direct conversation shows in the other member's list
   * only once it has a message (or they open it too); a group gets a `created` system message.
   */
  creatorId?: string;
  /** Conversations v2: the English fallback body of a system message (a group's `created`). */
  describe?: DescribeSystemEvent;
}

export interface ConversationRepository {
  /**
   * Creates a conversation. For `direct` with two members it returns the existing
   * one for that pair instead (unique per pair, also under concurrent calls);
   * `created` tells which happened.
   */
  create(conversation: NewConversation): Promise<{ conversation: ConversationRecord; created: boolean }>;
  byId(id: string): Promise<ConversationRecord | null>;
  isMember(conversationId: string, userId: string): Promise<boolean>;
  /** The member's conversations, most recently active first. */
  listForMember(userId: string): Promise<MemberConversationRecord[]>;
  forMember(conversationId: string, userId: string): Promise<MemberConversationRecord | null>;
  /** Raises the member's read position to `seq` (never lowers it; clamps to lastSeq). Returns the new position. */
  markRead(conversationId: string, userId: string, seq: number): Promise<number>;
  /**
   * "Mark as unread": lowers a current member's read position to `seq` (never raises it).
   * The others' `readSeqs` keep showing the highest position they saw. True if it moved.
   */
  lowerReadSeq(conversationId: string, userId: string, seq: number): Promise<boolean>;
  readSeqs(conversationId: string): Promise<Record<string, number>>;
  // Conversations v2 (docs/protocol-notes.md, "Conversations v2")
  /** Like `forMember`, but also a former member's read-only view (`left: true`) unless they hid it. */
  forViewer(conversationId: string, userId: string): Promise<MemberConversationRecord | null>;
  /**
   * Renames a group and adds or removes members in one transaction, with one system message
   * per kind of change (renamed, added, removed) and the member periods. Ids already members
   * (add) or not members (remove) change nothing. Rejects with `ConversationChangeError`.
   */
  update(change: ConversationChange): Promise<ConversationChangeResult>;
  /** The user leaves the group (a `left` system message). Rejects with `ConversationChangeError`. */
  leave(leave: ConversationLeave): Promise<ConversationChangeResult>;
  /** The seq ranges the user may read, oldest first (`toSeq` null: still a member); [] if never a member. */
  periods(conversationId: string, userId: string): Promise<MemberPeriod[]>;
  /** A former member drops the conversation from their list; false when they are not a former member. */
  hide(conversationId: string, userId: string): Promise<boolean>;
}

export interface MemberPeriod {
  fromSeq: number;
  toSeq: number | null;
}

/** What a system message records (Message v2 `system`). */
export type SystemEvent = ProtocolSystemEvent;
export type SystemAction = SystemEvent['action'];

/** Called inside the store's transaction: the English fallback `body` of a system message. */
export type DescribeSystemEvent = (event: SystemEvent) => string;

export interface ConversationChange {
  conversationId: string;
  actorId: string;
  /** Omitted: unchanged; null: the group becomes untitled. */
  title?: string | null;
  addMemberIds?: readonly string[];
  removeMemberIds?: readonly string[];
  /** Members a group may have at most after the change. */
  maxMembers: number;
  at: number;
  describe: DescribeSystemEvent;
}

export interface ConversationLeave {
  conversationId: string;
  userId: string;
  at: number;
  describe: DescribeSystemEvent;
}

export interface ConversationChangeResult {
  /** The conversation after the change (current members only). */
  conversation: ConversationRecord;
  /** The system messages written, by seq; empty when nothing changed. */
  messages: Message[];
  addedIds: string[];
  /** Removed members and the leaver. */
  removedIds: string[];
}

export type ConversationChangeFailure = 'not_found' | 'not_member' | 'direct' | 'too_many_members';

export class ConversationChangeError extends Error {
  constructor(
    readonly reason: ConversationChangeFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ConversationChangeError';
  }
}
