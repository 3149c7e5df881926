import { describe, expectTypeOf, it } from 'vitest';
import type { Conversation, Message, Presence, User, UserWithPresence } from './entities';
import type { AckCallback } from './errors';
import type {
  ClientEventPayload,
  ClientEventResult,
  ClientToServerEvents,
  ContactChangePayload,
  ConversationEventPayload,
  ConversationOpenPayload,
  DeviceActivityPayload,
  DirectorySearchPayload,
  MessageEventPayload,
  MessageHistoryPayload,
  MessageReadPayload,
  MessageSearchPayload,
  MessageSendPayload,
  PresenceAlertPayload,
  PresenceOutOfOfficePayload,
  PresenceSetPayload,
  PresenceSubscribePayload,
  PresenceWatchPayload,
  ReadEventPayload,
  ReadyPayload,
  ServerEventPayload,
  ServerToClientEvents,
  SessionEndedPayload,
  TypingEventPayload,
  TypingPayload,
} from './index';

// The hand-written maps every importer compiled against before they were derived from the
// schemas. The derived ones must stay identical, or a server handler or client breaks.
interface ExpectedClientToServerEvents {
  'presence:set': (payload: PresenceSetPayload, ack: AckCallback<{ presence: Presence }>) => void;
  'presence:subscribe': (
    payload: PresenceSubscribePayload,
    ack: AckCallback<{ presences: Presence[] }>,
  ) => void;
  'directory:search': (
    payload: DirectorySearchPayload,
    ack: AckCallback<{ users: UserWithPresence[] }>,
  ) => void;
  'contacts:list': (ack: AckCallback<{ users: UserWithPresence[] }>) => void;
  'contacts:add': (payload: ContactChangePayload, ack: AckCallback) => void;
  'contacts:remove': (payload: ContactChangePayload, ack: AckCallback) => void;
  'conversation:open': (
    payload: ConversationOpenPayload,
    ack: AckCallback<{ conversation: Conversation }>,
  ) => void;
  'conversation:list': (ack: AckCallback<{ conversations: Conversation[] }>) => void;
  'message:send': (payload: MessageSendPayload, ack: AckCallback<{ message: Message }>) => void;
  'message:history': (
    payload: MessageHistoryPayload,
    ack: AckCallback<{ messages: Message[]; more: boolean }>,
  ) => void;
  'message:read': (payload: MessageReadPayload, ack: AckCallback) => void;
  typing: (payload: TypingPayload, ack?: AckCallback) => void;
  'device:activity': (payload: DeviceActivityPayload, ack: AckCallback<{ presence: Presence }>) => void;
  'presence:out-of-office': (
    payload: PresenceOutOfOfficePayload,
    ack: AckCallback<{ presence: Presence }>,
  ) => void;
  'presence:watch': (payload: PresenceWatchPayload, ack: AckCallback) => void;
  'presence:unwatch': (payload: PresenceWatchPayload, ack: AckCallback) => void;
  'message:edit': (
    payload: { messageId: string; body: string },
    ack: AckCallback<{ message: Message }>,
  ) => void;
  'message:delete': (payload: { messageId: string }, ack: AckCallback<{ message: Message }>) => void;
  'reaction:add': (payload: { messageId: string; emoji: string }, ack: AckCallback) => void;
  'reaction:remove': (payload: { messageId: string; emoji: string }, ack: AckCallback) => void;
  'conversation:update': (
    payload: {
      conversationId: string;
      title?: string | null | undefined;
      addMemberIds?: string[] | undefined;
      removeMemberIds?: string[] | undefined;
    },
    ack: AckCallback<{ conversation: Conversation }>,
  ) => void;
  'conversation:leave': (
    payload: { conversationId: string },
    ack: AckCallback<{ conversation: Conversation }>,
  ) => void;
  'conversation:hide': (payload: { conversationId: string }, ack: AckCallback) => void;
  'message:search': (
    payload: MessageSearchPayload,
    ack: AckCallback<{ hits: Array<{ message: Message; snippet: string }>; more: boolean }>,
  ) => void;
  'message:unread': (payload: { conversationId: string; seq: number }, ack: AckCallback) => void;
}

interface ExpectedServerToClientEvents {
  ready: (payload: {
    user: User;
    presence: Presence;
    serverTime: number;
    protocol?: number;
    notices?: { recording: string | null };
  }) => void;
  presence: (payload: Presence) => void;
  message: (payload: { message: Message }) => void;
  read: (payload: { conversationId: string; userId: string; seq: number }) => void;
  typing: (payload: { conversationId: string; userId: string; typing: boolean }) => void;
  conversation: (payload: { conversation: Conversation }) => void;
  'session:ended': (payload: { reason: 'revoked' | 'disabled' | 'signed_out' }) => void;
  'presence:alert': (payload: { userId: string; presence: Presence }) => void;
  'file:scanned': (payload: {
    file: {
      id: string;
      name: string;
      size: number;
      mime: string;
      sha256: string;
      scan: 'pending' | 'clean' | 'infected';
      thumbnail: boolean;
    };
  }) => void;
  'message:updated': (payload: { message: Message }) => void;
}

describe('the event maps derived from the schemas', () => {
  it('types every client event and its acknowledgement as importers expect', () => {
    expectTypeOf<keyof ClientToServerEvents>().toEqualTypeOf<keyof ExpectedClientToServerEvents>();
    expectTypeOf<ClientToServerEvents>().toEqualTypeOf<ExpectedClientToServerEvents>();
  });

  it('types every server event payload as importers expect', () => {
    expectTypeOf<ServerToClientEvents>().toEqualTypeOf<ExpectedServerToClientEvents>();
    expectTypeOf<ReadyPayload>().toEqualTypeOf<Parameters<ExpectedServerToClientEvents['ready']>[0]>();
    expectTypeOf<MessageEventPayload>().toEqualTypeOf<{ message: Message }>();
    expectTypeOf<ReadEventPayload>().toEqualTypeOf<{ conversationId: string; userId: string; seq: number }>();
    expectTypeOf<TypingEventPayload>().toEqualTypeOf<{
      conversationId: string;
      userId: string;
      typing: boolean;
    }>();
    expectTypeOf<ConversationEventPayload>().toEqualTypeOf<{ conversation: Conversation }>();
    expectTypeOf<SessionEndedPayload['reason']>().toEqualTypeOf<'revoked' | 'disabled' | 'signed_out'>();
    expectTypeOf<PresenceAlertPayload>().toEqualTypeOf<{ userId: string; presence: Presence }>();
  });

  it("names each event's payload and result for clients that wrap the socket", () => {
    expectTypeOf<ClientEventPayload<'message:send'>>().toEqualTypeOf<MessageSendPayload>();
    expectTypeOf<ClientEventPayload<'contacts:list'>>().toEqualTypeOf<undefined>();
    expectTypeOf<ClientEventResult<'message:history'>>().toEqualTypeOf<{
      messages: Message[];
      more: boolean;
    }>();
    expectTypeOf<ClientEventResult<'contacts:add'>>().toEqualTypeOf<Record<never, never>>();
    expectTypeOf<ServerEventPayload<'ready'>>().toEqualTypeOf<ReadyPayload>();
  });
});
