import type { Conversation, Message, Presence, PresenceSetPayload } from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import type { AppStore, SearchScope } from '../store';
import { type CommandName, type Commands, DEFAULT_COMMAND_TIMEOUT_MS, request } from './commands';
import { CommandError, describeError } from './errors';
import { type ServerEvent, type ServerEventName, serverEventSchemas } from './events';
import { InMemoryOutboxStorage, Outbox, type OutboxStorage } from './outbox';
import { PresenceSync } from './presence-sync';
import { createSocketIoTransport, type TransportFactory, type TransportSocket } from './transport';

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

/** The newest messages shown when a conversation opens. */
const HISTORY_PAGE = 50;
/** Older history loaded per scroll to the top. */
const OLDER_PAGE = 100;
const CATCH_UP_PAGE = LIMITS.historyMaxLimit;
/** A safety stop for catch-up loops against a misbehaving server. */
const MAX_CATCH_UP_PAGES = 10_000;

function documentIsAttentive(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'visible' && document.hasFocus();
}

/**
 * The only place that talks to the server over socket.io: translates contract events into store
 * actions and offers typed commands to the UI. Owns reconnection, catch-up after a reconnect, the
 * outbox of unsent messages, the presence subscription and typing notifications.
 */
export class BeaconClient {
  readonly outbox: Outbox;
  private readonly store: AppStore;
  private readonly socket: TransportSocket;
  private readonly timing: ClientTiming;
  private readonly presenceSync: PresenceSync;
  private readonly isAttentive: () => boolean;
  private online = false;
  private stopped = false;
  private started = false;
  private everReady = false;
  private sessionEnded = false;
  private presenceBuffer: Presence[] = [];
  private presenceTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectAttempts = 0;
  private readonly remoteTyping = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly localTyping = new Map<
    string,
    { sentAt: number; stopTimer: ReturnType<typeof setTimeout> }
  >();
  private readonly catchUps = new Map<string, { running: Promise<void>; again: boolean }>();
  private readonly readsInFlight = new Map<string, number>();
  private readonly loads = new Map<string, Promise<void>>();

  constructor(private readonly options: ClientOptions) {
    this.store = options.store;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.isAttentive = options.isAttentive ?? documentIsAttentive;
    this.socket = (options.transport ?? createSocketIoTransport)(options.serverUrl, options.token);
    this.outbox = new Outbox({
      store: this.store,
      storage: options.outboxStorage ?? new InMemoryOutboxStorage(),
      send: async (item) =>
        (
          await this.command('message:send', {
            conversationId: item.conversationId,
            clientId: item.clientId,
            body: item.body,
          })
        ).message,
      isOnline: () => this.online,
      onDelivered: (message) => this.absorbLive(message, false),
      retryDelayMs: this.timing.outboxRetryMs,
    });
    this.presenceSync = new PresenceSync({
      store: this.store,
      subscribe: async (userIds) => (await this.command('presence:subscribe', { userIds })).presences,
      isOnline: () => this.online,
      debounceMs: this.timing.presenceDebounceMs,
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
    this.outbox.stop();
    for (const timer of this.remoteTyping.values()) clearTimeout(timer);
    for (const { stopTimer } of this.localTyping.values()) clearTimeout(stopTimer);
    if (this.presenceTimer !== undefined) clearTimeout(this.presenceTimer);
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.socket.disconnect();
    this.store.getState().setConnection('offline');
  }

  // ---------------------------------------------------------------------------------------------
  // Commands for the UI
  // ---------------------------------------------------------------------------------------------

  async setPresence(payload: PresenceSetPayload): Promise<Presence> {
    const { presence } = await this.command('presence:set', payload);
    if (!payload.auto) this.store.getState().setManualStatus(payload.status);
    this.store.getState().applyPresences([presence]);
    return presence;
  }

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

  /** Shows a conversation and loads its latest messages if they are not loaded yet. */
  showConversation(conversationId: string | null): void {
    this.store.getState().openConversation(conversationId);
    if (conversationId) void this.loadConversation(conversationId);
  }

  /** Loads the newest page of a conversation, then anything newer than it. */
  loadConversation(conversationId: string): Promise<void> {
    const running = this.loads.get(conversationId);
    if (running) return running;
    const timeline = this.store.getState().timelines[conversationId];
    if (timeline && timeline.status !== 'error') return Promise.resolve();
    const load = this.loadLatest(conversationId).finally(() => this.loads.delete(conversationId));
    this.loads.set(conversationId, load);
    return load;
  }

  /** Loads the page before the oldest loaded message (scrolling up). */
  async loadOlder(conversationId: string): Promise<void> {
    const state = this.store.getState();
    const timeline = state.timelines[conversationId];
    const first = timeline?.messages[0];
    if (!timeline || !first || !timeline.hasOlder || timeline.olderStatus === 'loading') return;
    state.setOlderStatus(conversationId, 'loading');
    try {
      const { messages, more } = await this.command('message:history', {
        conversationId,
        beforeSeq: first.seq,
        limit: OLDER_PAGE,
      });
      this.store.getState().mergeMessages(conversationId, messages, { hasOlder: more });
      this.store.getState().setOlderStatus(conversationId, 'idle');
    } catch {
      this.store.getState().setOlderStatus(conversationId, 'error');
    }
  }

  /** Queues a message; it is sent now if connected, otherwise as soon as the connection is back. */
  sendMessage(conversationId: string, body: string): void {
    this.stopTyping(conversationId);
    this.outbox.enqueue(conversationId, body);
  }

  retryMessage(clientId: string): void {
    this.outbox.retry(clientId);
  }

  discardMessage(clientId: string): void {
    this.outbox.discard(clientId);
  }

  /** Marks a conversation read up to its newest loaded message. */
  markRead(conversationId: string): void {
    const state = this.store.getState();
    const conversation = state.conversations[conversationId];
    const newest = state.timelines[conversationId]?.messages.at(-1)?.seq ?? 0;
    const seq = Math.max(newest, 0);
    if (!conversation || seq === 0) return;
    if (seq <= conversation.readSeq && conversation.unread === 0) return;
    if ((this.readsInFlight.get(conversationId) ?? 0) >= seq || !this.online) return;
    this.readsInFlight.set(conversationId, seq);
    state.markReadLocal(conversationId, seq);
    this.command('message:read', { conversationId, seq })
      .catch(() => {
        // Sent again the next time the conversation is looked at.
      })
      .finally(() => {
        if (this.readsInFlight.get(conversationId) === seq) this.readsInFlight.delete(conversationId);
      });
  }

  /** Call on every edit of the composer: announces typing, throttled, and stops it after a pause. */
  typing(conversationId: string): void {
    if (!this.online) return;
    const now = Date.now();
    const current = this.localTyping.get(conversationId);
    if (current) clearTimeout(current.stopTimer);
    const stopTimer = setTimeout(() => this.stopTyping(conversationId), this.timing.typingIdleMs);
    if (!current || now - current.sentAt >= this.timing.typingResendMs) {
      this.socket.emit('typing', { conversationId, typing: true });
      this.localTyping.set(conversationId, { sentAt: now, stopTimer });
    } else {
      this.localTyping.set(conversationId, { sentAt: current.sentAt, stopTimer });
    }
  }

  stopTyping(conversationId: string): void {
    const current = this.localTyping.get(conversationId);
    if (!current) return;
    clearTimeout(current.stopTimer);
    this.localTyping.delete(conversationId);
    if (this.socket.connected) this.socket.emit('typing', { conversationId, typing: false });
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

  /** Fetches everything after the newest loaded message of a conversation, page by page. */
  catchUp(conversationId: string): Promise<void> {
    const current = this.catchUps.get(conversationId);
    if (current) {
      current.again = true;
      return current.running;
    }
    const entry = { running: Promise.resolve(), again: false };
    entry.running = (async () => {
      try {
        do {
          entry.again = false;
          await this.fetchNewer(conversationId);
        } while (entry.again && this.online);
      } finally {
        this.catchUps.delete(conversationId);
      }
    })();
    this.catchUps.set(conversationId, entry);
    return entry.running;
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  private command<K extends CommandName>(
    name: K,
    payload: Commands[K]['payload'],
  ): Promise<Commands[K]['result']> {
    if (this.stopped) return Promise.reject(new CommandError('disconnected', 'Signed out.'));
    return request(this.socket, name, payload, this.timing.commandTimeoutMs);
  }

  private adoptConversation(conversation: Conversation): void {
    this.store.getState().upsertConversation(conversation);
    this.showConversation(conversation.id);
  }

  private async loadLatest(conversationId: string): Promise<void> {
    let state = this.store.getState();
    if (!state.conversations[conversationId]) {
      await this.refreshConversations();
      state = this.store.getState();
    }
    state.beginTimeline(conversationId);
    const lastSeq = state.conversations[conversationId]?.lastSeq ?? 0;
    try {
      const { messages, more } = await this.command('message:history', {
        conversationId,
        beforeSeq: lastSeq + 1,
        limit: HISTORY_PAGE,
      });
      this.absorbHistory(conversationId, messages, { hasOlder: more });
    } catch (error) {
      this.store.getState().setTimelineError(conversationId, describeError(error));
      return;
    }
    await this.catchUp(conversationId).catch(() => undefined);
  }

  private async fetchNewer(conversationId: string): Promise<void> {
    for (let page = 0; page < MAX_CATCH_UP_PAGES; page += 1) {
      const timeline = this.store.getState().timelines[conversationId];
      if (timeline?.status !== 'ready') return;
      const afterSeq = timeline.messages.at(-1)?.seq ?? 0;
      const { messages, more } = await this.command('message:history', {
        conversationId,
        afterSeq,
        limit: CATCH_UP_PAGE,
      });
      this.absorbHistory(conversationId, messages);
      if (!more || messages.length === 0) return;
    }
  }

  private absorbHistory(
    conversationId: string,
    messages: Message[],
    options: { hasOlder?: boolean } = {},
  ): void {
    const meId = this.store.getState().me?.id;
    for (const message of messages) if (message.senderId === meId) this.outbox.acknowledge(message);
    const state = this.store.getState();
    state.mergeMessages(conversationId, messages, options);
    state.noteMessages(messages, this.isLooking(conversationId));
  }

  /** A single new message (live event or our own acknowledged send). */
  private absorbLive(message: Message, fromOthers: boolean): void {
    const state = this.store.getState();
    if (message.senderId === state.me?.id) this.outbox.acknowledge(message);
    const known = state.noteMessages([message], this.isLooking(message.conversationId));
    if (!known) void this.refreshConversations();
    const timeline = state.timelines[message.conversationId];
    if (timeline?.status === 'ready') {
      const last = timeline.messages.at(-1)?.seq ?? 0;
      // Merge only what keeps the loaded window gap-free; a gap means something was missed.
      if (message.seq <= last + 1) state.mergeMessages(message.conversationId, [message]);
      else void this.catchUp(message.conversationId).catch(() => undefined);
    }
    if (fromOthers) {
      this.clearRemoteTyping(message.conversationId, message.senderId);
      this.options.onIncomingMessage?.(message);
    }
  }

  private isLooking(conversationId: string): boolean {
    return this.store.getState().activeConversationId === conversationId && this.isAttentive();
  }

  private bindEvents(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      this.reconnectAttempts = 0;
    });
    socket.on('disconnect', (reason) => this.onDisconnect(typeof reason === 'string' ? reason : ''));
    socket.on('connect_error', (error) => this.onConnectError(error));
    this.onServer('ready', (payload) => void this.onReady(payload));
    this.onServer('presence', (presence) => this.bufferPresence(presence));
    this.onServer('message', ({ message }) => {
      this.absorbLive(message, message.senderId !== this.store.getState().me?.id);
    });
    this.onServer('read', ({ conversationId, userId, seq }) => {
      this.store.getState().applyRead(conversationId, userId, seq);
    });
    this.onServer('typing', ({ conversationId, userId, typing }) =>
      this.onRemoteTyping(conversationId, userId, typing),
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
    state.sessionReady(payload.user, payload.presence, payload.serverTime);
    state.rememberUsers([payload.user]);
    this.online = true;
    this.everReady = true;
    state.setConnection('online');
    this.presenceSync.resubscribe();
    this.outbox.flush();
    const active = this.store.getState().activeConversationId;
    await Promise.allSettled([
      this.refreshContacts(),
      this.refreshConversations().then(() => this.catchUpAll()),
      active ? this.loadConversation(active) : Promise.resolve(),
    ]);
  }

  /** After a reconnect: every loaded conversation fetches what it missed; failed loads are retried. */
  private async catchUpAll(): Promise<void> {
    const { timelines } = this.store.getState();
    await Promise.allSettled(
      Object.entries(timelines).map(([conversationId, timeline]) =>
        timeline.status === 'error' ? this.loadConversation(conversationId) : this.catchUp(conversationId),
      ),
    );
  }

  private onDisconnect(reason: string): void {
    this.online = false;
    for (const [key, timer] of this.remoteTyping) {
      clearTimeout(timer);
      const [conversationId, userId] = key.split('\n');
      if (conversationId && userId) this.store.getState().setTyping(conversationId, userId, false);
    }
    this.remoteTyping.clear();
    if (this.stopped) return;
    this.store.getState().setConnection(this.everReady ? 'reconnecting' : 'connecting');
    // The server closed this session: socket.io does not retry by itself in that case.
    if (reason === 'io server disconnect' && !this.sessionEnded) this.scheduleReconnect();
  }

  private onConnectError(error: unknown): void {
    if (this.stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    if (message === 'unauthorized') {
      this.endSession('expired');
      return;
    }
    const detail = message === 'rate_limited' ? 'The server is busy.' : 'Cannot reach the server.';
    this.store.getState().setConnection(this.everReady ? 'reconnecting' : 'connecting', detail);
    if (!this.socket.active) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== undefined || this.stopped) return;
    const delay = Math.min(30_000, 1_000 * 2 ** this.reconnectAttempts);
    this.reconnectAttempts += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private endSession(reason: SessionEndReason): void {
    if (this.sessionEnded) return;
    this.sessionEnded = true;
    this.stop();
    this.options.onSessionEnded?.(reason);
  }

  private bufferPresence(presence: Presence): void {
    this.presenceBuffer.push(presence);
    if (this.presenceTimer !== undefined) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = undefined;
      const batch = this.presenceBuffer;
      this.presenceBuffer = [];
      this.store.getState().applyPresences(batch);
    }, this.timing.presenceBatchMs);
  }

  private onRemoteTyping(conversationId: string, userId: string, typing: boolean): void {
    if (userId === this.store.getState().me?.id) return;
    if (!typing) {
      this.clearRemoteTyping(conversationId, userId);
      return;
    }
    const key = `${conversationId}\n${userId}`;
    const existing = this.remoteTyping.get(key);
    if (existing) clearTimeout(existing);
    this.remoteTyping.set(
      key,
      setTimeout(() => this.clearRemoteTyping(conversationId, userId), this.timing.remoteTypingMs),
    );
    this.store.getState().setTyping(conversationId, userId, true);
  }

  private clearRemoteTyping(conversationId: string, userId: string): void {
    const key = `${conversationId}\n${userId}`;
    const timer = this.remoteTyping.get(key);
    if (timer) clearTimeout(timer);
    this.remoteTyping.delete(key);
    this.store.getState().setTyping(conversationId, userId, false);
  }
}
