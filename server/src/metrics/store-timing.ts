import type { ConversationRepository, MessageRepository, Store } from '../store/types';
import type { BeaconMetrics, CommitOperation } from './beacon-metrics';

export type CommitMetrics = Pick<BeaconMetrics, 'commitTimed' | 'messageSent'>;

/**
 * The store, with its message commits timed into `beacon_store_commit_duration_seconds`
 * (append, edit, delete, reaction, read) and each append that created a message counted in
 * `beacon_messages_sent_total`. Wrapping the store catches every writer (socket handlers, the
 * HTTP API, bots). Only commits that succeeded are timed: a refusal is not a commit. Proxies,
 * like `withMessageEvents`, so whatever else the store has passes through unchanged.
 */
export function withCommitTiming<S extends Pick<Store, 'messages' | 'conversations'>>(
  store: S,
  metrics: CommitMetrics,
): S {
  const messages = store.messages;
  const conversations = store.conversations;
  const timed = async <T>(operation: CommitOperation, commit: () => Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    const result = await commit();
    metrics.commitTimed(operation, (performance.now() - startedAt) / 1000);
    return result;
  };
  const messageMethods: Partial<MessageRepository> = {
    append: async (input) => {
      const result = await timed('append', () => messages.append(input));
      if (result.created) metrics.messageSent();
      return result;
    },
    edit: (input) => timed('edit', () => messages.edit(input)),
    delete: (input) => timed('delete', () => messages.delete(input)),
    addReaction: (input) => timed('reaction', () => messages.addReaction(input)),
    removeReaction: (input) => timed('reaction', () => messages.removeReaction(input)),
  };
  const conversationMethods: Partial<ConversationRepository> = {
    markRead: (conversationId, userId, seq) =>
      timed('read', () => conversations.markRead(conversationId, userId, seq)),
  };
  const timedMessages = overriding(messages, messageMethods);
  const timedConversations = overriding(conversations, conversationMethods);
  return new Proxy(store, {
    get(target, property) {
      if (property === 'messages') return timedMessages;
      if (property === 'conversations') return timedConversations;
      return Reflect.get(target, property, target);
    },
  });
}

/** `target`, with `methods` in place of its own; its other methods stay bound to it. */
function overriding<T extends object>(target: T, methods: Partial<T>): T {
  const replaced: Partial<Record<PropertyKey, unknown>> = methods;
  return new Proxy(target, {
    get(inner, property) {
      if (Object.hasOwn(replaced, property)) return replaced[property];
      const value: unknown = Reflect.get(inner, property, inner);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}
