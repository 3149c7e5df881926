import type { Conversation, Message, User } from '@beacon/protocol';
import type { SliceCreator } from './types';

export interface ConversationsData {
  conversations: Record<string, Conversation>;
  conversationsStatus: 'idle' | 'loading' | 'ready' | 'error';
  conversationsError: string | null;
  activeConversationId: string | null;
  /** Who is typing, by conversation id. */
  typing: Record<string, string[]>;
}

export interface ConversationsSlice extends ConversationsData {
  setConversationsLoading(): void;
  setConversations(list: readonly Conversation[]): void;
  setConversationsError(message: string): void;
  upsertConversation(conversation: Conversation): void;
  openConversation(conversationId: string | null): void;
  /**
   * Records messages in their conversations' summaries (last message, last seq, unread count).
   * `seen`: the user is looking at the conversation, so it does not count as unread.
   * Returns false when a message belongs to a conversation the client does not know yet.
   */
  noteMessages(messages: readonly Message[], seen: boolean): boolean;
  markReadLocal(conversationId: string, seq: number): void;
  applyRead(conversationId: string, userId: string, seq: number): void;
  setTyping(conversationId: string, userId: string, typing: boolean): void;
}

export const initialConversationsData = (): ConversationsData => ({
  conversations: {},
  conversationsStatus: 'idle',
  conversationsError: null,
  activeConversationId: null,
  typing: {},
});

/** Merges a server copy with what the client already knows, so a late event never moves a conversation back. */
export function mergeConversation(known: Conversation | undefined, incoming: Conversation): Conversation {
  if (!known) return incoming;
  const knownIsNewer = known.lastSeq > incoming.lastSeq;
  const lastMessage = pickLastMessage(known.lastMessage, incoming.lastMessage);
  const readSeq = Math.max(known.readSeq, incoming.readSeq);
  const readSeqs = mergeReadSeqs(known.readSeqs, incoming.readSeqs);
  let unread = knownIsNewer ? known.unread : incoming.unread;
  if (readSeq >= Math.max(known.lastSeq, incoming.lastSeq)) unread = 0;
  return {
    ...incoming,
    lastSeq: Math.max(known.lastSeq, incoming.lastSeq),
    readSeq,
    unread,
    ...(lastMessage !== undefined ? { lastMessage } : {}),
    ...(readSeqs ? { readSeqs } : {}),
  };
}

/**
 * The mention badge after a conversation arrives from the server: its `unreadMentionSeqs` are the
 * truth up to its `lastSeq`; mentions this client saw live after that stay. Unchanged (the same
 * array) when the server did not say.
 */
export function reconcileMentionSeqs(
  known: number[] | undefined,
  incoming: Conversation,
  merged: Conversation,
): number[] | undefined {
  if (!incoming.unreadMentionSeqs) return known;
  const later = (known ?? []).filter((seq) => seq > incoming.lastSeq);
  const next = [...incoming.unreadMentionSeqs, ...later].filter((seq) => seq > merged.readSeq);
  if (known && next.length === known.length && next.every((seq, i) => seq === known[i])) return known;
  return next;
}

function pickLastMessage(
  a: Message | null | undefined,
  b: Message | null | undefined,
): Message | null | undefined {
  if (!a) return b ?? a;
  if (!b) return a;
  return a.seq > b.seq ? a : b;
}

function mergeReadSeqs(
  a: Record<string, number> | undefined,
  b: Record<string, number> | undefined,
): Record<string, number> | undefined {
  if (!a) return b;
  if (!b) return a;
  const merged = { ...a };
  for (const [userId, seq] of Object.entries(b)) merged[userId] = Math.max(merged[userId] ?? 0, seq);
  return merged;
}

/** A conversation's summary after one more message; the same object when nothing changes. */
function summarise(
  conversation: Conversation,
  message: Message,
  meId: string | undefined,
  seen: boolean,
): Conversation {
  const mine = message.senderId === meId;
  const isNew = message.seq > conversation.lastSeq;
  const newestPreview = !conversation.lastMessage || message.seq > conversation.lastMessage.seq;
  if (!isNew && !newestPreview) return conversation;
  const readSeq = mine ? Math.max(conversation.readSeq, message.seq) : conversation.readSeq;
  const next: Conversation = {
    ...conversation,
    lastSeq: Math.max(conversation.lastSeq, message.seq),
    lastMessage: newestPreview ? message : conversation.lastMessage,
    readSeq,
    unread:
      // System notes (created, renamed, added…) are announcements, not messages to read.
      isNew && !mine && !seen && message.kind !== 'system' && message.seq > conversation.readSeq
        ? conversation.unread + 1
        : conversation.unread,
  };
  if (mine && meId) next.readSeqs = { ...conversation.readSeqs, [meId]: readSeq };
  return next;
}

/**
 * People the conversations name: their `members` when the server sends them, otherwise the other
 * member of a direct conversation under the conversation's title (the server's name for them).
 */
function namedMembers(
  conversations: readonly Conversation[],
  users: Record<string, User>,
  meId: string | undefined,
): User[] {
  const named: User[] = [];
  for (const conversation of conversations) {
    if (conversation.members) named.push(...conversation.members);
    else if (conversation.kind === 'direct') {
      const partner = conversation.memberIds.find((id) => id !== meId);
      if (partner && !users[partner] && conversation.title)
        named.push({ id: partner, name: conversation.title, email: '' });
    }
  }
  return named;
}

function mentionsPatch(
  mentionSeqs: Record<string, number[]>,
  incoming: readonly Conversation[],
  merged: Record<string, Conversation>,
): { mentionSeqs?: Record<string, number[]> } {
  let next: Record<string, number[]> | null = null;
  for (const conversation of incoming) {
    const mergedConversation = merged[conversation.id];
    if (!mergedConversation) continue;
    const current = mentionSeqs[conversation.id];
    const reconciled = reconcileMentionSeqs(current, conversation, mergedConversation);
    if (reconciled === current) continue;
    next ??= { ...mentionSeqs };
    next[conversation.id] = reconciled ?? [];
  }
  return next ? { mentionSeqs: next } : {};
}

export const createConversationsSlice: SliceCreator<ConversationsSlice> = (set, get) => ({
  ...initialConversationsData(),
  setConversationsLoading: () => set({ conversationsStatus: 'loading', conversationsError: null }),
  setConversations: (list) => {
    const known = get().conversations;
    const next: Record<string, Conversation> = {};
    for (const conversation of list)
      next[conversation.id] = mergeConversation(known[conversation.id], conversation);
    get().rememberUsers(namedMembers(list, get().users, get().me?.id));
    set({
      conversations: next,
      conversationsStatus: 'ready',
      conversationsError: null,
      ...mentionsPatch(get().mentionSeqs, list, next),
    });
  },
  setConversationsError: (message) => set({ conversationsStatus: 'error', conversationsError: message }),
  upsertConversation: (conversation) => {
    const known = get().conversations;
    get().rememberUsers(namedMembers([conversation], get().users, get().me?.id));
    const merged = mergeConversation(known[conversation.id], conversation);
    set({
      conversations: { ...known, [conversation.id]: merged },
      ...mentionsPatch(get().mentionSeqs, [conversation], { [conversation.id]: merged }),
    });
  },
  openConversation: (conversationId) => {
    const previous = get().activeConversationId;
    if (previous === conversationId) return;
    if (previous) get().releaseReadHold(previous);
    set({ activeConversationId: conversationId });
    const conversation = conversationId ? get().conversations[conversationId] : undefined;
    if (conversationId && conversation)
      get().setUnreadMarker(conversationId, conversation.unread > 0 ? conversation.readSeq + 1 : null);
  },
  noteMessages: (messages, seen) => {
    const known = get().conversations;
    const meId = get().me?.id;
    let next: Record<string, Conversation> | null = null;
    let allKnown = true;
    for (const message of messages) {
      const conversation = (next ?? known)[message.conversationId];
      if (!conversation) {
        allKnown = false;
        continue;
      }
      const updated = summarise(conversation, message, meId, seen);
      if (updated === conversation) continue;
      next ??= { ...known };
      next[conversation.id] = updated;
    }
    if (next) set({ conversations: next });
    return allKnown;
  },
  markReadLocal: (conversationId, seq) => {
    const known = get().conversations;
    const conversation = known[conversationId];
    if (!conversation) return;
    const meId = get().me?.id;
    const readSeq = Math.max(conversation.readSeq, seq);
    const unread = readSeq >= conversation.lastSeq ? 0 : conversation.unread;
    if (readSeq === conversation.readSeq && unread === conversation.unread) return;
    const next: Conversation = { ...conversation, readSeq, unread };
    if (meId) next.readSeqs = { ...conversation.readSeqs, [meId]: readSeq };
    const mentions = get().mentionSeqs[conversationId];
    set({
      conversations: { ...known, [conversationId]: next },
      ...(mentions?.some((seq) => seq <= readSeq)
        ? { mentionSeqs: { ...get().mentionSeqs, [conversationId]: mentions.filter((seq) => seq > readSeq) } }
        : {}),
    });
  },
  applyRead: (conversationId, userId, seq) => {
    if (userId === get().me?.id) {
      get().markReadLocal(conversationId, seq);
      return;
    }
    const known = get().conversations;
    const conversation = known[conversationId];
    if (!conversation || (conversation.readSeqs?.[userId] ?? 0) >= seq) return;
    set({
      conversations: {
        ...known,
        [conversationId]: { ...conversation, readSeqs: { ...conversation.readSeqs, [userId]: seq } },
      },
    });
  },
  setTyping: (conversationId, userId, typing) => {
    const all = get().typing;
    const current = all[conversationId] ?? [];
    const has = current.includes(userId);
    if (typing === has) return;
    const next = typing ? [...current, userId] : current.filter((id) => id !== userId);
    set({ typing: { ...all, [conversationId]: next } });
  },
});
