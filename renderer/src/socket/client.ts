import type {
  Conversation,
  DeviceActivityPayload,
  Message,
  OutOfOffice,
  Presence,
  PresenceSetPayload,
} from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import type { AppStore, SearchScope } from '../store';
import type { RunCommand } from './command-runner';
import { DEFAULT_COMMAND_TIMEOUT_MS, request } from './commands';
import { CommandError, describeError } from './errors';
import { type ServerEvent, type ServerEventName, serverEventSchemas } from './events';
import { InMemoryOutboxStorage, Outbox, type OutboxStorage } from './outbox';
import { OwnPresence } from './own-presence';
import { PresenceBatch } from './presence-batch';
import { PresenceSync } from './presence-sync';
import { Reconnection } from './reconnection';
import { TimelineSync } from './timeline-sync';
import { createSocketIoTransport, type TransportFactory, type TransportSocket } from './transport';
import { TypingTracker } from './typing';

/** Why the session ended without the user signing out here. */
export type SessionEndReason = 'expired' | 'revoked' | 'disabled' | 'signed_out';

export interface ClientTiming {
  commandTimeoutMs: number;
  /** Stop announcing "typing" after this long without a keystroke. */
  typingIdleMs: number;
  /** Re-announce "typing" at most this often while the user keeps typing. */
  typingResendMs: number;
  /** Forget someone else's "typing" if no `typing: false` arrives within this time. */
  remoteTypingMs: number;
  /** Presence events are applied to the store in batches at most this often. */
  presenceBatchMs: number;
  presenceDebounceMs: number;
  outboxRetryMs: number;
}

export const DEFAULT_TIMING: ClientTiming = {
  commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
  typingIdleMs: 5_000,
  typingResendMs: 3_000,
  remoteTypingMs: 7_000,
  presenceBatchMs: 100,
  presenceDebounceMs: 250,
  outboxRetryMs: 3_000,
};

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
 * The only place that talks to the server over socket.io: a thin facade that routes contract events
 * to focused parts (timelines, typing, own presence, presence subscription, reconnection, outbox)
 * and offers typed commands to the UI.
 */
export class BeaconClient {
  readonly outbox: Outbox;
  private readonly store: AppStore;
  private readonly socket: TransportSocket;
  private readonly timing: ClientTiming;
  private readonly presenceSync: PresenceSync;
  private readonly presenceBatch: PresenceBatch;
  private readonly ownPresence: OwnPresence;
  private readonly timelines: TimelineSync;
  private readonly typingTracker: TypingTracker;
  private readonly reconnection: Reconnection;
  private online = false;
  private stopped = false;
  private started = false;
  private everReady = false;
  private sessionEnded = false;

  constructor(private readonly options: ClientOptions) {
    this.store = options.store;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.socket = (options.transport ?? createSocketIoTransport)(options.serverUrl, options.token);
    const command: RunCommand = (name, payload) => this.command(name, payload);
    const isOnline = () => this.online;
    this.outbox = new Outbox({
      store: this.store,
      storage: options.outboxStorage ?? new InMemoryOutboxStorage(),
      send: async (item) =>
        (
          await command('message:send', {
            conversationId: item.conversationId,
            clientId: item.clientId,
            body: item.body,
          })
        ).message,
      isOnline,
      onDelivered: (message) => this.timelines.absorbLive(message, false),
      retryDelayMs: this.timing.outboxRetryMs,
    });
    this.presenceSync = new PresenceSync({
      store: this.store,
      subscribe: async (userIds) => (await command('presence:subscribe', { userIds })).presences,
      isOnline,
      debounceMs: this.timing.presenceDebounceMs,
    });
    this.presenceBatch = new PresenceBatch(this.store, this.timing.presenceBatchMs);
    this.ownPresence = new OwnPresence({ store: this.store, command, isOnline });
    this.typingTracker = new TypingTracker({
      store: this.store,
      emitTyping: (conversationId, typing) => this.socket.emit('typing', { conversationId, typing }),
      isOnline,
      isConnected: () => this.socket.connected,
      timing: this.timing,
    });
    this.timelines = new TimelineSync({
      store: this.store,
      command,
      isOnline,
      isAttentive: options.isAttentive ?? documentIsAttentive,
      acknowledge: (message) => this.outbox.acknowledge(message),
      refreshConversations: () => this.refreshConversations(),
      onFromOthers: (message) => {
        this.typingTracker.clearRemote(message.conversationId, message.senderId);
        this.options.onIncomingMessage?.(message);
      },
    });
    this.reconnection = new Reconnection({
      store: this.store,
      socket: this.socket,
      isStopped: () => this.stopped,
      wasEverReady: () => this.everReady,
      onUnauthorized: () => this.endSession('expired'),
    });
  }

  get isOnline(): boolean {
    return this.online;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.bindEvents();
    this.store.getState().setConnection('connecting');
    this.presenceSync.start();
    void this.outbox.restore();
    this.socket.connect();
  }

  /** Disconnects for good (sign-out, session end, window closing). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.online = false;
    this.presenceSync.stop();
    this.presenceBatch.stop();
    this.outbox.stop();
    this.typingTracker.stop();
    this.reconnection.stop();
    this.socket.disconnect();
    this.store.getState().setConnection('offline');
  }

  // --- own presence ---------------------------------------------------------------------------

  /** Sets the chosen status (and note, `until`); queued while disconnected (resolves null then). */
  setPresence(payload: PresenceSetPayload): Promise<Presence | null> {
    return this.ownPresence.setPresence(payload);
  }

  /** This device's state from the host (active, idle, locked, suspended, OS focus). */
  reportDeviceActivity(report: DeviceActivityPayload): Promise<void> {
    return this.ownPresence.reportDeviceActivity(report);
  }

  setOutOfOffice(outOfOffice: OutOfOffice): Promise<Presence> {
    return this.ownPresence.setOutOfOffice(outOfOffice);
  }

  clearOutOfOffice(): Promise<Presence> {
    return this.ownPresence.clearOutOfOffice();
  }

  /** "Tell me when available": one `presence:alert` when that person is next available. */
  watchPresence(userId: string): Promise<void> {
    return this.ownPresence.watch(userId);
  }

  unwatchPresence(userId: string): Promise<void> {
    return this.ownPresence.unwatch(userId);
  }

  // --- people ---------------------------------------------------------------------------------

  /** Searches the directory; results (or the error) land in the store under `scope`. */
  async searchDirectory(scope: SearchScope, rawQuery: string): Promise<void> {
    const query = rawQuery.trim().slice(0, LIMITS.queryMaxChars);
    const state = this.store.getState();
    if (!query) {
      state.clearSearch(scope);
      return;
    }
    state.startSearch(scope, query);
    try {
      const { users } = await this.command('directory:search', {
        query,
        limit: LIMITS.directoryDefaultLimit,
      });
      const meId = this.store.getState().me?.id;
      this.store.getState().setSearchResults(
        scope,
        query,
        users.filter((user) => user.id !== meId),
      );
    } catch (error) {
      this.store.getState().setSearchError(scope, query, describeError(error));
    }
  }

  async addContact(userId: string): Promise<void> {
    await this.command('contacts:add', { userId });
    const state = this.store.getState();
    const user = state.users[userId];
    if (user) state.addContactLocal(user);
    else await this.refreshContacts();
  }

  async removeContact(userId: string): Promise<void> {
    await this.command('contacts:remove', { userId });
    this.store.getState().removeContactLocal(userId);
  }

  async refreshContacts(): Promise<void> {
    const state = this.store.getState();
    if (state.contactsStatus !== 'ready') state.setContactsLoading();
    try {
      const { users } = await this.command('contacts:list', undefined);
      this.store.getState().setContacts(users);
    } catch (error) {
      if (this.store.getState().contactsStatus !== 'ready') {
        this.store.getState().setContactsError(describeError(error));
      }
    }
  }

  // --- conversations and messages -------------------------------------------------------------

  /** Opens (creating if needed) the direct conversation with a person and shows it. */
  async openDirect(userId: string): Promise<string> {
    const { conversation } = await this.command('conversation:open', { memberIds: [userId] });
    this.adoptConversation(conversation);
    return conversation.id;
  }

  async createGroup(memberIds: string[], title: string): Promise<string> {
    const trimmed = title.trim();
    const { conversation } = await this.command('conversation:open', {
      memberIds,
      kind: 'group',
      ...(trimmed ? { title: trimmed } : {}),
    });
    this.adoptConversation(conversation);
    return conversation.id;
  }

  async refreshConversations(): Promise<void> {
    const state = this.store.getState();
    if (state.conversationsStatus !== 'ready') state.setConversationsLoading();
    try {
      const { conversations } = await this.command('conversation:list', undefined);
      this.store.getState().setConversations(conversations);
    } catch (error) {
      if (this.store.getState().conversationsStatus !== 'ready') {
        this.store.getState().setConversationsError(describeError(error));
      }
    }
  }

  /** Shows a conversation and loads its latest messages if they are not loaded yet. */
  showConversation(conversationId: string | null): void {
    this.store.getState().openConversation(conversationId);
    if (conversationId) void this.timelines.loadConversation(conversationId);
  }

  loadConversation(conversationId: string): Promise<void> {
    return this.timelines.loadConversation(conversationId);
  }

  loadOlder(conversationId: string): Promise<void> {
    return this.timelines.loadOlder(conversationId);
  }

  catchUp(conversationId: string): Promise<void> {
    return this.timelines.catchUp(conversationId);
  }

  markRead(conversationId: string): void {
    this.timelines.markRead(conversationId);
  }

  /** Queues a message; it is sent now if connected, otherwise as soon as the connection is back. */
  sendMessage(conversationId: string, body: string): void {
    this.typingTracker.stopTyping(conversationId);
    this.outbox.enqueue(conversationId, body);
  }

  retryMessage(clientId: string): void {
    this.outbox.retry(clientId);
  }

  discardMessage(clientId: string): void {
    this.outbox.discard(clientId);
  }

  /** Call on every edit of the composer: announces typing, throttled, and stops it after a pause. */
  typing(conversationId: string): void {
    this.typingTracker.typing(conversationId);
  }

  stopTyping(conversationId: string): void {
    this.typingTracker.stopTyping(conversationId);
  }

  // --- internals ------------------------------------------------------------------------------

  private command: RunCommand = (name, payload) => {
    if (this.stopped) return Promise.reject(new CommandError('disconnected', 'Signed out.'));
    return request(this.socket, name, payload, this.timing.commandTimeoutMs);
  };

  private adoptConversation(conversation: Conversation): void {
    this.store.getState().upsertConversation(conversation);
    this.showConversation(conversation.id);
  }

  private bindEvents(): void {
    const socket = this.socket;
    socket.on('connect', () => this.reconnection.onConnect());
    socket.on('disconnect', (reason) => this.onDisconnect(typeof reason === 'string' ? reason : ''));
    socket.on('connect_error', (error) => this.reconnection.onConnectError(error));
    this.onServer('ready', (payload) => void this.onReady(payload));
    this.onServer('presence', (presence) => this.presenceBatch.push(presence));
    this.onServer('presence:alert', ({ userId, presence }) => {
      const state = this.store.getState();
      state.applyPresences([presence]);
      state.receivePresenceAlert(userId, presence.updatedAt);
    });
    this.onServer('message', ({ message }) => {
      this.timelines.absorbLive(message, message.senderId !== this.store.getState().me?.id);
    });
    this.onServer('read', ({ conversationId, userId, seq }) => {
      this.store.getState().applyRead(conversationId, userId, seq);
    });
    this.onServer('typing', ({ conversationId, userId, typing }) =>
      this.typingTracker.onRemote(conversationId, userId, typing),
    );
    this.onServer('conversation', ({ conversation }) =>
      this.store.getState().upsertConversation(conversation),
    );
    this.onServer('session:ended', ({ reason }) => {
      this.endSession(reason === 'disabled' || reason === 'signed_out' ? reason : 'revoked');
    });
  }

  private onServer<K extends ServerEventName>(event: K, handler: (payload: ServerEvent<K>) => void): void {
    const schema = serverEventSchemas[event];
    this.socket.on(event, (payload: unknown) => {
      if (this.stopped) return;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        console.warn(`Ignored a malformed "${event}" event from the server`, parsed.error.issues[0]);
        return;
      }
      handler(parsed.data as ServerEvent<K>);
    });
  }

  private async onReady(payload: ServerEvent<'ready'>): Promise<void> {
    const state = this.store.getState();
    state.setServerProtocol(payload.protocol ?? 1);
    state.sessionReady(payload.user, payload.presence, payload.serverTime);
    state.rememberUsers([payload.user]);
    this.online = true;
    this.everReady = true;
    state.setConnection('online');
    this.presenceSync.resubscribe();
    this.outbox.flush();
    const active = this.store.getState().activeConversationId;
    await Promise.allSettled([
      this.ownPresence.onReady(),
      this.refreshContacts(),
      this.refreshConversations().then(() => this.timelines.catchUpAll()),
      active ? this.timelines.loadConversation(active) : Promise.resolve(),
    ]);
  }

  private onDisconnect(reason: string): void {
    this.online = false;
    this.typingTracker.forgetRemote();
    this.reconnection.onDisconnect(reason);
  }

  private endSession(reason: SessionEndReason): void {
    if (this.sessionEnded) return;
    this.sessionEnded = true;
    this.reconnection.endSession();
    this.stop();
    this.options.onSessionEnded?.(reason);
  }
}
