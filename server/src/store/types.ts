import type {
  ConversationKind,
  FileScan,
  IntegrationScope,
  Message,
  SystemEvent as ProtocolSystemEvent,
} from '@beacon/protocol';
import type { PresenceLayerStore } from '../presence/persist-queue';

/**
 * The storage port of the server. Socket handlers and services depend only on this
 * interface, never on SQLite, so another implementation (PostgreSQL) can be added
 * without touching them. Every method is async for that reason, even where the
 * embedded implementation is synchronous underneath.
 *
 * Durability: a method that resolves has committed its write.
 */
export interface Store {
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly contacts: ContactRepository;
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly settings: SettingsRepository;
  readonly presence: PresenceRepository;
  readonly integrations: IntegrationRepository;
  readonly files: FileRepository;
  readonly search: SearchRepository;
  close(): Promise<void>;
}

export interface UserRecord {
  id: string;
  /** Lower-cased `local@domain`. */
  email: string;
  name: string;
  passwordHash: string;
  disabled: boolean;
  createdAt: number;
  /** `bot`: a bot account (docs/integrations.md, "Bots"); absent: a person. */
  kind?: UserKind;
}

export type UserKind = 'person' | 'bot';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  /** Default `person`. */
  kind?: UserKind;
}

export interface UserRepository {
  /** Rejects with `DuplicateError` when the e-mail exists. */
  create(user: NewUser): Promise<UserRecord>;
  byId(id: string): Promise<UserRecord | null>;
  byIds(ids: readonly string[]): Promise<UserRecord[]>;
  byEmail(email: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** Enabled users whose name or e-mail contains `query` (case-insensitive), by name. */
  search(query: string, limit: number): Promise<UserRecord[]>;
  setDisabled(id: string, disabled: boolean): Promise<void>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  setName(id: string, name: string): Promise<void>;
  /**
   * Users disabled at or after `since` (and still disabled), oldest first. The server
   * polls it to drop the sockets of users an admin disabled from another process.
   */
  listDisabledSince(since: number): Promise<Array<{ id: string; disabledAt: number }>>;
  /** Every bot account, enabled or not, by e-mail. */
  listBots(): Promise<UserRecord[]>;
  /** Records that the integration's token acts as the bot `botId`. */
  linkBotToken(botId: string, integrationId: string): Promise<void>;
  /** The bot the integration's token acts as, or null when it acts as none. */
  botOfIntegration(integrationId: string): Promise<UserRecord | null>;
  /** The ids of the integrations whose tokens act as the bot, oldest first. */
  botIntegrationIds(botId: string): Promise<string[]>;
}

export interface SessionRecord {
  /** SHA-256 of the bearer token; the token itself is never stored. */
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  byTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  delete(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

export interface ContactRepository {
  /** Contact user ids of `ownerId`, in the order they were added. */
  list(ownerId: string): Promise<string[]>;
  /** Idempotent. */
  add(ownerId: string, contactId: string): Promise<void>;
  /** Idempotent. */
  remove(ownerId: string, contactId: string): Promise<void>;
}

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

export interface NewMessage {
  conversationId: string;
  senderId: string;
  clientId: string;
  body: string;
  sentAt: number;
  /** Messages v2: default `user`. P3 writes `system` messages (with `system`) for group changes. */
  kind?: 'user' | 'system';
  system?: SystemEvent | null;
  /** Messages v2: a message of the same conversation (else `MessageRuleError` 'reply_elsewhere'). */
  replyToId?: string | null;
  /** Messages v2: user ids, never the sender's. */
  mentions?: readonly string[];
  /** Messages v2: files the sender uploaded, in order (else `MessageRuleError` 'attachment_refused'). */
  attachmentIds?: readonly string[];
}

export interface MessageEdit {
  messageId: string;
  actorId: string;
  body: string;
  /** The mentions of the new body. */
  mentions: readonly string[];
  at: number;
}

export interface MessageDeletion {
  messageId: string;
  actorId: string;
  at: number;
}

export interface ReactionChange {
  messageId: string;
  userId: string;
  emoji: string;
  at: number;
}

/** The message after a change; `changed` is false when the call changed nothing (idempotent repeat). */
export interface MessageChange {
  message: Message;
  changed: boolean;
}

export interface HistoryQuery {
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
  limit: number;
  /**
   * Search: `limit` messages with this seq in the middle (history-around.ts); `beforeSeq` and
   * `afterSeq` then only bound the range. `more`: older messages exist in it before the page.
   */
  aroundSeq?: number | undefined;
}

export interface MessageRepository {
  /**
   * Appends a message with the next gapless `seq` of its conversation, in one
   * transaction. Idempotent by (conversationId, senderId, clientId): a repeat returns
   * the stored message with `created: false` and writes nothing.
   * Conversations v2: rejects with `NotMemberError` unless the sender is a member, checked in
   * the same transaction (a removal committed first wins); `memberIds` are the members right
   * after the write, whom the message is for.
   */
  append(message: NewMessage): Promise<{ message: Message; created: boolean; memberIds: string[] }>;
  /**
   * Ascending by seq. With afterSeq: the first `limit` after it; with beforeSeq: the
   * last `limit` before it; with both: the first `limit` strictly between; with
   * neither: the newest `limit`. `more` says whether the range holds further messages
   * past the page (newer for afterSeq-only, older otherwise).
   */
  history(conversationId: string, query: HistoryQuery): Promise<{ messages: Message[]; more: boolean }>;
  byId(messageId: string): Promise<Message | null>;
  /**
   * Writes a new version (`edited`) unless the body is the current one. Only the sender
   * (`MessageRuleError` 'not_sender'), not once deleted ('deleted'), not a system message
   * ('system'). Rejects with `NotFoundError` for an unknown id. Durable when it resolves.
   */
  edit(edit: MessageEdit): Promise<MessageChange>;
  /** Writes the `deleted` version; a deleted message is returned unchanged. Rules as `edit`. */
  delete(deletion: MessageDeletion): Promise<MessageChange>;
  /** Idempotent; not on a deleted message ('deleted'). Membership is the caller's to check. */
  addReaction(change: ReactionChange): Promise<MessageChange>;
  /** Idempotent. */
  removeReaction(change: ReactionChange): Promise<MessageChange>;
}

/** Small server-wide key/value settings, e.g. the organisation's mail domain. */
export interface SettingsRepository {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  /** Stores `value` unless the key already has one; returns the value stored after the call. */
  setIfAbsent(key: string, value: string): Promise<string>;
}

/**
 * Each user's current presence layers (chosen status, note, until, out of office, claims;
 * see server/src/presence/layers.ts). Only the current layers: no history is ever kept.
 * `save` of the default layers deletes the user's row. Device states are never stored.
 */
export type PresenceRepository = PresenceLayerStore;

/** An integration (phone system, calendar, bot) and its token, kept only as SHA-256. */
export interface IntegrationRecord {
  id: string;
  /** Unique among the integrations not revoked; the `source` of its presence claims. */
  name: string;
  scopes: IntegrationScope[];
  tokenHash: string;
  createdAt: number;
  /** When the token was last replaced, or null. */
  rotatedAt: number | null;
  /** When it was revoked (its token no longer works), or null. */
  revokedAt: number | null;
}

export interface NewIntegration {
  name: string;
  scopes: IntegrationScope[];
  tokenHash: string;
  createdAt: number;
}

export interface IntegrationRepository {
  /** Rejects with `DuplicateError` when an integration of that name exists and is not revoked. */
  create(integration: NewIntegration): Promise<IntegrationRecord>;
  /** The integration of that name that is not revoked, or null. */
  activeByName(name: string): Promise<IntegrationRecord | null>;
  /** The integration whose token has this hash and is not revoked, or null. */
  activeByTokenHash(tokenHash: string): Promise<IntegrationRecord | null>;
  /** Every integration, revoked ones included, oldest first. */
  list(): Promise<IntegrationRecord[]>;
  /** Revokes the active integration of that name; returns it, or null when there is none. */
  revoke(name: string, at: number): Promise<IntegrationRecord | null>;
  /** Replaces the token of the active integration of that name; returns it, or null when there is none. */
  rotate(name: string, tokenHash: string, at: number): Promise<IntegrationRecord | null>;
}

export type FileScanState = FileScan;

/** An uploaded file (docs/protocol-notes.md, "Files"); its bytes are in the blob store under `sha256`. */
export interface StoredFileRecord {
  id: string;
  uploaderId: string;
  name: string;
  size: number;
  mime: string;
  /** Hex SHA-256 of the content: its key in the blob store. */
  sha256: string;
  scan: FileScanState;
  scannedAt: number | null;
  /** The signature name for `infected`; null otherwise. */
  scanDetail: string | null;
  thumbnail: boolean;
  createdAt: number;
}

export type NewFile = Omit<StoredFileRecord, 'id' | 'scan' | 'scannedAt' | 'scanDetail'>;

export interface FileMessageRef {
  messageId: string;
  conversationId: string;
  seq: number;
  viewerIds: string[];
}

export type ScanOutcome = { scan: 'clean' } | { scan: 'infected'; signature: string };

export interface FileRepository {
  /** Stores a new file with `scan: 'pending'`. */
  create(file: NewFile): Promise<StoredFileRecord>;
  byId(id: string): Promise<StoredFileRecord | null>;
  /** Pending files, oldest first: the scan queue. */
  listPending(limit: number): Promise<StoredFileRecord[]>;
  /**
   * Records a scan of the content `sha256` for every file of that content it changes
   * (`clean`: the pending ones; `infected`: all not yet infected), and returns those files.
   */
  recordScan(sha256: string, outcome: ScanOutcome, at: number): Promise<StoredFileRecord[]>;
  /**
   * Whether `userId` may see the file: its uploader, or a member of a conversation it was sent
   * in while the message's seq lies in one of their member periods.
   */
  isVisibleTo(fileId: string, userId: string): Promise<boolean>;
  /**
   * The messages that attach the file, oldest first, each with the current members who may
   * read it (their open member period includes its seq).
   */
  messagesWith(fileId: string): Promise<FileMessageRef[]>;
}

export class DuplicateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DuplicateError';
  }
}

/** A referenced record (conversation, member, user) does not exist. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** Conversations v2: the user is not (or no longer) a member of the conversation. */
export class NotMemberError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotMemberError';
  }
}

export type SearchOrder = 'newest' | 'relevance';

export interface SearchQuery {
  /** What the user typed: words match as prefixes, "quoted text" as a phrase, all of them must occur. */
  query: string;
  /** Only this conversation; omitted: every conversation the searcher may read. */
  conversationId?: string | undefined;
  limit: number;
  /** Only hits with a lower seq (paging a search in one conversation; needs `conversationId`). */
  beforeSeq?: number | undefined;
  /** Only hits sent before this message (paging a search over every conversation). */
  beforeMessageId?: string | undefined;
  /** `newest` (default): newest first. `relevance`: best match first, the newer first among equals. */
  order?: SearchOrder | undefined;
}

export interface SearchHit {
  message: Message;
  /** Plain text around the match, each match wrapped in U+0002 … U+0003. */
  snippet: string;
}

/**
 * Full-text search over the current text of user messages (not system messages, not deleted
 * ones), limited to what the searcher may read: the seqs of their member periods.
 */
export interface SearchRepository {
  /** Rejects with `InvalidSearchQueryError` when the query has nothing searchable. */
  search(userId: string, query: SearchQuery): Promise<{ hits: SearchHit[]; more: boolean }>;
}

/** A search the store cannot run (no words in the text, an unknown paging id); says why, for the user. */
export class InvalidSearchQueryError extends Error {
  constructor(
    readonly field: 'query' | 'beforeSeq' | 'beforeMessageId',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidSearchQueryError';
  }
}

export type MessageRule = 'reply_elsewhere' | 'attachment_refused' | 'not_sender' | 'deleted' | 'system';

/** A message write the rules of Messages v2 refuse; `message` names the field and says why. */
export class MessageRuleError extends Error {
  constructor(
    readonly rule: MessageRule,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRuleError';
  }
}
