import type { Message } from '@beacon/protocol';
import type { Logger } from '../logger';
import type { PresenceChange } from '../presence/engine';
import type { PresenceReads } from '../presence/service';
import type { MessageRepository, Store, UserKind, UserRecord, UserRepository } from '../store/types';
import type { EventBus, MessageEventData, MessageUpdateKind } from './bus';

/** A user's kind: `bot` for bot accounts (docs/integrations.md, "Bots"); a record without one is a person. */
export function userKind(user: UserRecord): UserKind {
  return user.kind ?? 'person';
}

/**
 * Publishes `presence.changed` for every change of the presence others see. The engine calls
 * its listeners synchronously from the socket handlers, so this only queues the change; the
 * e-mail lookup runs afterwards, in order, off the handler's path.
 */
export function publishPresenceChanges(
  presence: PresenceReads,
  users: Pick<UserRepository, 'byId'>,
  bus: EventBus,
  logger: Logger,
): () => void {
  const emails = new Map<string, string>();
  let pending: Array<Required<Pick<PresenceChange, 'userId' | 'others'>>> = [];
  let draining = false;

  const drain = async () => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      for (const { userId, others } of batch) {
        try {
          let email = emails.get(userId);
          if (email === undefined) {
            const user = await users.byId(userId);
            if (!user) continue;
            email = user.email;
            emails.set(userId, email);
          }
          bus.publish('presence.changed', { email, presence: others });
        } catch (error) {
          logger.error({ err: error, userId }, 'publishing a presence change failed');
        }
      }
    }
    draining = false;
  };

  return presence.onChange((change) => {
    if (!change.others) return;
    pending.push({ userId: change.userId, others: change.others });
    if (draining) return;
    draining = true;
    void drain();
  });
}

/**
 * The store, with a message repository that publishes `message.created` after every append that
 * created a message (not for a retried clientId) and `message.updated` after every edit or
 * delete that changed one (reactions are not published). Wrapping the store catches every sender: socket
 * handlers and the HTTP API alike. The event is published after the commit, without waiting.
 * A Proxy, so repositories and methods added to the store later pass through unchanged.
 */
export function withMessageEvents<S extends Pick<Store, 'messages' | 'users' | 'conversations'>>(
  store: S,
  bus: EventBus,
  logger: Logger,
): S {
  const messages = store.messages;
  /** `memberIds`: the members the append delivered to (an edit or a delete reads them). */
  const eventData = async (
    message: Message,
    memberIds: readonly string[] | null,
  ): Promise<MessageEventData | null> => {
    let ids = memberIds;
    if (ids === null) {
      const conversation = await store.conversations.byId(message.conversationId);
      if (!conversation) return null;
      ids = conversation.memberIds;
    }
    const members = await store.users.byIds(ids);
    const sender = members.find((member) => member.id === message.senderId);
    return {
      message,
      sender: sender
        ? { email: sender.email, name: sender.name, kind: userKind(sender) }
        : { email: '', name: '', kind: 'person' },
      members: members.map((member) => member.email),
      hasBot: members.some((member) => userKind(member) === 'bot'),
    };
  };
  const publish = (
    message: Message,
    change: MessageUpdateKind | null,
    memberIds: readonly string[] | null,
  ) => {
    eventData(message, memberIds)
      .then((data) => {
        if (!data) return;
        if (change === null) bus.publish('message.created', data);
        else bus.publish('message.updated', { ...data, change });
      })
      .catch((error: unknown) =>
        logger.error({ err: error, messageId: message.id }, 'publishing a message event failed'),
      );
  };
  const append: MessageRepository['append'] = async (input) => {
    const result = await messages.append(input);
    if (result.created) publish(result.message, null, result.memberIds);
    return result;
  };
  const edit: MessageRepository['edit'] = async (input) => {
    const result = await messages.edit(input);
    if (result.changed) publish(result.message, 'edited', null);
    return result;
  };
  const remove: MessageRepository['delete'] = async (input) => {
    const result = await messages.delete(input);
    if (result.changed) publish(result.message, 'deleted', null);
    return result;
  };
  const wrapped: Partial<Record<PropertyKey, unknown>> = { append, edit, delete: remove };
  const publishingMessages = new Proxy(messages, {
    get(target, property) {
      if (Object.hasOwn(wrapped, property)) return wrapped[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return new Proxy(store, {
    get(target, property) {
      if (property === 'messages') return publishingMessages;
      return Reflect.get(target, property, target);
    },
  });
}
