import type { ConversationKind, IntegrationScope, Message } from '@beacon/protocol';
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
}

export interface NewConversation {
  kind: ConversationKind;
  title: string | null;
  memberIds: string[];
  createdAt: number;
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
  readSeqs(conversationId: string): Promise<Record<string, number>>;
}

export interface NewMessage {
  conversationId: string;
  senderId: string;
  clientId: string;
  body: string;
  sentAt: number;
}

export interface HistoryQuery {
  beforeSeq?: number | undefined;
  afterSeq?: number | undefined;
  limit: number;
}

export interface MessageRepository {
  /**
   * Appends a message with the next gapless `seq` of its conversation, in one
   * transaction. Idempotent by (conversationId, senderId, clientId): a repeat returns
   * the stored message with `created: false` and writes nothing.
   */
  append(message: NewMessage): Promise<{ message: Message; created: boolean }>;
  /**
   * Ascending by seq. With afterSeq: the first `limit` after it; with beforeSeq: the
   * last `limit` before it; with both: the first `limit` strictly between; with
   * neither: the newest `limit`. `more` says whether the range holds further messages
   * past the page (newer for afterSeq-only, older otherwise).
   */
  history(conversationId: string, query: HistoryQuery): Promise<{ messages: Message[]; more: boolean }>;
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
