import type { Message } from '@beacon/protocol';
import type { AppStore } from '../store';
import type { RunCommand } from './command-runner';
import { Conversations } from './conversations';
import { MessageActions } from './message-actions';
import { InMemoryOutboxStorage, Outbox, type OutboxStorage } from './outbox';
import { OwnPresence } from './own-presence';
import { People } from './people';
import { PresenceBatch } from './presence-batch';
import { PresenceSync } from './presence-sync';
import { Reconnection } from './reconnection';
import { TimelineSync } from './timeline-sync';
import type { ClientTiming } from './timing';
import type { TransportSocket } from './transport';
import { TypingTracker } from './typing';

export interface ClientParts {
  people: People;
  conversations: Conversations;
  outbox: Outbox;
  presenceSync: PresenceSync;
  presenceBatch: PresenceBatch;
  ownPresence: OwnPresence;
  typingTracker: TypingTracker;
  timelines: TimelineSync;
  messageActions: MessageActions;
  reconnection: Reconnection;
}

export interface ClientPartsDeps {
  store: AppStore;
  socket: TransportSocket;
  timing: ClientTiming;
  command: RunCommand;
  isOnline(): boolean;
  isStopped(): boolean;
  wasEverReady(): boolean;
  isAttentive(): boolean;
  outboxStorage?: OutboxStorage | undefined;
  /** Shows a conversation (the facade's `showConversation`). */
  show(conversationId: string): void;
  onIncomingMessage(message: Message): void;
  /** The handshake was refused for the token. */
  onUnauthorized(): void;
}

/** Builds the client's focused parts and wires them to each other. */
export function createClientParts(deps: ClientPartsDeps): ClientParts {
  const { store, socket, timing, command, isOnline, isStopped, wasEverReady, isAttentive, show } = deps;
  const { outboxStorage, onIncomingMessage, onUnauthorized } = deps;
  const people: ClientParts['people'] = new People(store, command);
  const conversations: ClientParts['conversations'] = new Conversations({
    store: store,
    command,
    show: show,
  });
  const outbox: ClientParts['outbox'] = new Outbox({
    store: store,
    storage: outboxStorage ?? new InMemoryOutboxStorage(),
    send: async (item) =>
      (
        await command('message:send', {
          conversationId: item.conversationId,
          clientId: item.clientId,
          body: item.body,
          ...(item.replyToId ? { replyToId: item.replyToId } : {}),
          ...(item.attachments?.length ? { attachments: item.attachments.map((file) => file.id) } : {}),
        })
      ).message,
    isOnline,
    onDelivered: (message) => timelines.absorbLive(message, false),
    retryDelayMs: timing.outboxRetryMs,
  });
  const presenceSync: ClientParts['presenceSync'] = new PresenceSync({
    store: store,
    subscribe: async (userIds) => (await command('presence:subscribe', { userIds })).presences,
    isOnline,
    debounceMs: timing.presenceDebounceMs,
  });
  const presenceBatch: ClientParts['presenceBatch'] = new PresenceBatch(store, timing.presenceBatchMs);
  const ownPresence: ClientParts['ownPresence'] = new OwnPresence({ store: store, command, isOnline });
  const typingTracker: ClientParts['typingTracker'] = new TypingTracker({
    store: store,
    emitTyping: (conversationId, typing) => socket.emit('typing', { conversationId, typing }),
    isOnline,
    isConnected: () => socket.connected,
    timing: timing,
  });
  const timelines: ClientParts['timelines'] = new TimelineSync({
    store: store,
    command,
    isOnline,
    isAttentive: isAttentive,
    acknowledge: (message) => outbox.acknowledge(message),
    refreshConversations: () => conversations.refresh(),
    onFromOthers: (message) => {
      typingTracker.clearRemote(message.conversationId, message.senderId);
      onIncomingMessage(message);
    },
  });
  const messageActions: ClientParts['messageActions'] = new MessageActions({
    store: store,
    command,
    show: show,
    catchUp: (conversationId) => timelines.catchUp(conversationId),
    loadOlder: (conversationId) => timelines.loadOlder(conversationId),
  });
  const reconnection: ClientParts['reconnection'] = new Reconnection({
    store: store,
    socket: socket,
    isStopped: isStopped,
    wasEverReady: wasEverReady,
    onUnauthorized: onUnauthorized,
  });
  return {
    people,
    conversations,
    outbox,
    presenceSync,
    presenceBatch,
    ownPresence,
    typingTracker,
    timelines,
    messageActions,
    reconnection,
  };
}
