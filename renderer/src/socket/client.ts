import type {
  Attachment,
  DeviceActivityPayload,
  Message,
  OutOfOffice,
  Presence,
  PresenceSetPayload,
} from '@beacon/protocol';
import { type Upload, uploadFile } from '../features/files/api';
import type { AppStore, SearchScope } from '../store';
import { type ClientParts, createClientParts } from './client-parts';
import type { RunCommand } from './command-runner';
import { request } from './commands';
import { CommandError } from './errors';
import type { ServerEvent } from './events';
import type { Outbox, OutboxStorage } from './outbox';
import { bindServerEvents } from './server-events';
import { type ClientTiming, DEFAULT_TIMING } from './timing';
import { createSocketIoTransport, type TransportFactory, type TransportSocket } from './transport';

export { type ClientTiming, DEFAULT_TIMING } from './timing';

/** Why the session ended without the user signing out here. */
export type SessionEndReason = 'expired' | 'revoked' | 'disabled' | 'signed_out';

export interface ClientOptions {
  store: AppStore;
  serverUrl: string;
  token: string;
  transport?: TransportFactory;
  outboxStorage?: OutboxStorage;
  /** Whether the user is looking at the app (page visible and focused); messages then count as read. */
  isAttentive?: () => boolean;
  /** A message from someone else arrived live. */
  onIncomingMessage?: (message: Message) => void;
  /** The server ended the session (token expired or revoked, account disabled, signed out elsewhere). */
  onSessionEnded?: (reason: SessionEndReason) => void;
  timing?: Partial<ClientTiming>;
}

function documentIsAttentive(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();
}

/**
 * The only place that talks to the server over socket.io: a thin facade that wires the focused parts
 * (people, conversations, timelines, outbox, typing, own presence, presence subscription,
 * reconnection), routes the server's events to them and offers their commands to the UI.
 */
export class BeaconClient {
  readonly outbox: Outbox;
  private readonly store: AppStore;
  private readonly socket: TransportSocket;
  private readonly timing: ClientTiming;
  private readonly parts: ClientParts;
  private online = false;
  private stopped = false;
  private started = false;
  private everReady = false;
  private sessionEnded = false;

  constructor(private readonly options: ClientOptions) {
    this.store = options.store;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.socket = (options.transport ?? createSocketIoTransport)(options.serverUrl, options.token);
    this.parts = createClientParts({
      store: this.store,
      socket: this.socket,
      timing: this.timing,
      command: (name, payload) => this.command(name, payload),
      isOnline: () => this.online,
      isStopped: () => this.stopped,
      wasEverReady: () => this.everReady,
      isAttentive: options.isAttentive ?? documentIsAttentive,
      outboxStorage: options.outboxStorage,
      show: (conversationId) => this.showConversation(conversationId),
      onIncomingMessage: (message) => this.options.onIncomingMessage?.(message),
      onUnauthorized: () => this.endSession('expired'),
    });
    this.outbox = this.parts.outbox;
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** Uploads a file for attaching (`POST /api/v1/files` with this session's token), reporting progress 0..1. */
  uploadFile(file: File, onProgress: (fraction: number) => void): Upload {
    return uploadFile(this.http, file, onProgress);
  }

  /** Where and as whom to make HTTP requests of this session (file uploads and downloads). */
  get http(): { serverUrl: string; token: string } {
    return { serverUrl: this.options.serverUrl, token: this.options.token };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.bindEvents();
    this.store.getState().setConnection('connecting');
    this.parts.presenceSync.start();
    void this.outbox.restore();
    this.socket.connect();
  }

  /** Disconnects for good (sign-out, session end, window closing). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.online = false;
    this.parts.presenceSync.stop();
    this.parts.presenceBatch.stop();
    this.outbox.stop();
    this.parts.typingTracker.stop();
    this.parts.reconnection.stop();
    this.socket.disconnect();
    this.store.getState().setConnection('offline');
  }

  // --- own presence ---------------------------------------------------------------------------

  /** Sets the chosen status (and note, `until`); queued while disconnected (resolves null then). */
  setPresence(payload: PresenceSetPayload): Promise<Presence | null> {
    return this.parts.ownPresence.setPresence(payload);
  }

  /** This device's state from the host (active, idle, locked, suspended, OS focus). */
  reportDeviceActivity(report: DeviceActivityPayload): Promise<void> {
    return this.parts.ownPresence.reportDeviceActivity(report);
  }

  setOutOfOffice(outOfOffice: OutOfOffice): Promise<Presence> {
    return this.parts.ownPresence.setOutOfOffice(outOfOffice);
  }

  clearOutOfOffice(): Promise<Presence> {
    return this.parts.ownPresence.clearOutOfOffice();
  }

  /** "Tell me when available": one `presence:alert` when that person is next available. */
  watchPresence(userId: string): Promise<void> {
    return this.parts.ownPresence.watch(userId);
  }

  unwatchPresence(userId: string): Promise<void> {
    return this.parts.ownPresence.unwatch(userId);
  }

  // --- people ---------------------------------------------------------------------------------

  /** Searches the directory; results (or the error) land in the store under `scope`. */
  searchDirectory(scope: SearchScope, rawQuery: string): Promise<void> {
    return this.parts.people.searchDirectory(scope, rawQuery);
  }

  addContact(userId: string): Promise<void> {
    return this.parts.people.addContact(userId);
  }

  removeContact(userId: string): Promise<void> {
    return this.parts.people.removeContact(userId);
  }

  refreshContacts(): Promise<void> {
    return this.parts.people.refreshContacts();
  }

  // --- conversations --------------------------------------------------------------------------

  /** Opens (creating if needed) the direct conversation with a person and shows it. */
  openDirect(userId: string): Promise<string> {
    return this.parts.conversations.openDirect(userId);
  }

  createGroup(memberIds: string[], title: string): Promise<string> {
    return this.parts.conversations.createGroup(memberIds, title);
  }

  refreshConversations(): Promise<void> {
    return this.parts.conversations.refresh();
  }

  /** Renames a group, adds or removes members. */
  updateConversation(
    conversationId: string,
    change: { title?: string; addMemberIds?: string[]; removeMemberIds?: string[] },
  ): Promise<void> {
    return this.parts.conversations.update(conversationId, change);
  }

  leaveConversation(conversationId: string): Promise<void> {
    return this.parts.conversations.leave(conversationId);
  }

  /** Shows a conversation and loads its latest messages if they are not loaded yet. */
  showConversation(conversationId: string | null): void {
    this.store.getState().openConversation(conversationId);
    if (conversationId) void this.parts.timelines.loadConversation(conversationId);
  }

  // --- messages -------------------------------------------------------------------------------

  loadConversation(conversationId: string): Promise<void> {
    return this.parts.timelines.loadConversation(conversationId);
  }

  loadOlder(conversationId: string): Promise<void> {
    return this.parts.timelines.loadOlder(conversationId);
  }

  catchUp(conversationId: string): Promise<void> {
    return this.parts.timelines.catchUp(conversationId);
  }

  markRead(conversationId: string): void {
    this.parts.timelines.markRead(conversationId);
  }

  /** Queues a message; it is sent now if connected, otherwise as soon as the connection is back. */
  sendMessage(
    conversationId: string,
    body: string,
    options: { replyToId?: string | null; attachments?: Attachment[] } = {},
  ): void {
    this.parts.typingTracker.stopTyping(conversationId);
    this.outbox.enqueue(conversationId, body, Date.now(), {
      ...(options.replyToId ? { replyToId: options.replyToId } : {}),
      ...(options.attachments?.length ? { attachments: options.attachments } : {}),
    });
  }

  editMessage(messageId: string, body: string): Promise<void> {
    return this.parts.messageActions.edit(messageId, body);
  }

  deleteMessage(messageId: string): Promise<void> {
    return this.parts.messageActions.delete(messageId);
  }

  addReaction(messageId: string, emoji: string): Promise<void> {
    return this.parts.messageActions.addReaction(messageId, emoji);
  }

  removeReaction(messageId: string, emoji: string): Promise<void> {
    return this.parts.messageActions.removeReaction(messageId, emoji);
  }

  /** Searches messages in the open search's scope (one conversation or all). */
  searchMessages(query: string): Promise<void> {
    return this.parts.messageActions.search(query);
  }

  /** "Mark as unread" from `seq` on, on this device at once and then on the server. */
  markUnread(conversationId: string, seq: number): Promise<void> {
    return this.parts.messageActions.markUnread(conversationId, seq);
  }

  /** Shows a message, loading the history around it (`aroundSeq`) when it is not loaded. */
  historyAround(conversationId: string, seq: number): Promise<void> {
    return this.parts.messageActions.jumpTo(conversationId, seq);
  }

  retryMessage(clientId: string): void {
    this.outbox.retry(clientId);
  }

  discardMessage(clientId: string): void {
    this.outbox.discard(clientId);
  }

  /** Call on every edit of the composer: announces typing, throttled, and stops it after a pause. */
  typing(conversationId: string): void {
    this.parts.typingTracker.typing(conversationId);
  }

  stopTyping(conversationId: string): void {
    this.parts.typingTracker.stopTyping(conversationId);
  }

  /** Shows a reply's quoted message (by its seq when known); false when it could not be found. */
  jumpToMessageId(conversationId: string, messageId: string, seq?: number): Promise<boolean> {
    return this.parts.messageActions.jumpToId(conversationId, messageId, seq);
  }

  // --- internals ------------------------------------------------------------------------------

  private command: RunCommand = (name, payload) => {
    if (this.stopped) return Promise.reject(new CommandError('disconnected', 'Signed out.'));
    return request(this.socket, name, payload, this.timing.commandTimeoutMs);
  };

  private bindEvents(): void {
    const socket = this.socket;
    socket.on('connect', () => this.parts.reconnection.onConnect());
    socket.on('disconnect', (reason) => this.onDisconnect(typeof reason === 'string' ? reason : ''));
    socket.on('connect_error', (error) => this.parts.reconnection.onConnectError(error));
    bindServerEvents(
      socket,
      {
        ready: (payload) => void this.onReady(payload),
        presence: (presence) => this.parts.presenceBatch.push(presence),
        'presence:alert': ({ userId, presence }) => {
          const state = this.store.getState();
          state.applyPresences([presence]);
          state.receivePresenceAlert(userId, presence.updatedAt);
        },
        message: ({ message }) =>
          this.parts.timelines.absorbLive(message, message.senderId !== this.store.getState().me?.id),
        read: ({ conversationId, userId, seq }) =>
          this.store.getState().applyRead(conversationId, userId, seq),
        typing: ({ conversationId, userId, typing }) =>
          this.parts.typingTracker.onRemote(conversationId, userId, typing),
        'message:updated': ({ message }) => this.store.getState().applyMessageUpdate(message),
        'file:scanned': ({ file }) => this.store.getState().applyFileScanned(file),
        conversation: ({ conversation }) => this.store.getState().upsertConversation(conversation),
        'session:ended': ({ reason }) =>
          this.endSession(reason === 'disabled' || reason === 'signed_out' ? reason : 'revoked'),
      },
      () => this.stopped,
    );
  }

  private async onReady(payload: ServerEvent<'ready'>): Promise<void> {
    const state = this.store.getState();
    state.setServerProtocol(payload.protocol ?? 1);
    state.sessionReady(payload.user, payload.presence, payload.serverTime);
    state.setRecordingNotice(payload.notices?.recording ?? null);
    state.rememberUsers([payload.user]);
    this.online = true;
    this.everReady = true;
    state.setConnection('online');
    this.parts.presenceSync.resubscribe();
    this.outbox.flush();
    const active = this.store.getState().activeConversationId;
    await Promise.allSettled([
      this.parts.ownPresence.onReady(),
      this.refreshContacts(),
      this.refreshConversations().then(() => this.parts.timelines.catchUpAll()),
      active ? this.parts.timelines.loadConversation(active) : Promise.resolve(),
    ]);
  }

  private onDisconnect(reason: string): void {
    this.online = false;
    this.parts.typingTracker.forgetRemote();
    this.parts.reconnection.onDisconnect(reason);
  }

  private endSession(reason: SessionEndReason): void {
    if (this.sessionEnded) return;
    this.sessionEnded = true;
    this.parts.reconnection.endSession();
    this.stop();
    this.options.onSessionEnded?.(reason);
  }
}
