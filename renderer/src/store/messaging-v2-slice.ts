import type { FileRecord, FileScan, Message } from '@beacon/protocol';
import type { SliceCreator } from './types';

/** One hit of `message:search`: the message and its snippet (matches between \u0002 and \u0003). */
export interface MessageSearchHit {
  message: Message;
  snippet: string;
}

export interface MessageSearchState {
  open: boolean;
  /** null: every conversation (Ctrl+Shift+F); else that conversation (Ctrl+F). */
  conversationId: string | null;
  query: string;
  status: 'idle' | 'loading' | 'ready' | 'error';
  hits: MessageSearchHit[];
  error: string | null;
}

/** A message the transcript should scroll to and highlight once it is loaded. */
export interface JumpTarget {
  conversationId: string;
  seq: number;
  /** Changes on every request, so jumping to the same message twice scrolls twice. */
  nonce: number;
}

export interface MessagingV2Data {
  /** The message being replied to, per conversation. */
  replyingTo: Record<string, string | null>;
  /** The first unread seq when the conversation was opened (where "New messages" goes). */
  unreadMarkers: Record<string, number | null>;
  /** "Mark as unread" was chosen: this conversation is not marked read again until the user leaves it. */
  readHolds: Record<string, true>;
  /** Unread messages (seqs) that mention me, per conversation. */
  mentionSeqs: Record<string, number[]>;
  messageSearch: MessageSearchState;
  jumpTarget: JumpTarget | null;
  /** The latest verdict per file id from `file:scanned`, also for files not yet in a message (the composer's). */
  fileScans: Record<string, FileScan>;
}

export interface MessagingV2Slice extends MessagingV2Data {
  setReplyingTo(conversationId: string, messageId: string | null): void;
  /** Replaces a message wherever it is shown (`message:updated`, an edit or delete ack). */
  applyMessageUpdate(message: Message): void;
  /** A file's scan finished: every attachment of it shows the new state. */
  applyFileScanned(file: FileRecord): void;
  setUnreadMarker(conversationId: string, seq: number | null): void;
  /** Moves my read position back to just before `seq`, on this device only (the server never moves it back). */
  markUnreadLocal(conversationId: string, seq: number): void;
  releaseReadHold(conversationId: string): void;
  /** Notes messages that mention me (from live events and history). */
  noteMentions(messages: readonly Message[]): void;
  openMessageSearch(conversationId: string | null): void;
  closeMessageSearch(): void;
  startMessageSearch(query: string): void;
  setMessageSearchResults(query: string, hits: MessageSearchHit[]): void;
  setMessageSearchError(query: string, error: string): void;
  requestJump(conversationId: string, seq: number): void;
  clearJump(nonce: number): void;
  /** Replaces a conversation's loaded window (a jump far back in history). */
  resetTimeline(conversationId: string, messages: Message[], hasOlder: boolean): void;
}

const closedSearch = (): MessageSearchState => ({
  open: false,
  conversationId: null,
  query: '',
  status: 'idle',
  hits: [],
  error: null,
});

export const initialMessagingV2Data = (): MessagingV2Data => ({
  replyingTo: {},
  unreadMarkers: {},
  readHolds: {},
  mentionSeqs: {},
  messageSearch: closedSearch(),
  jumpTarget: null,
  fileScans: {},
});

let nonce = 0;

export const createMessagingV2Slice: SliceCreator<MessagingV2Slice> = (set, get) => ({
  ...initialMessagingV2Data(),
  setReplyingTo: (conversationId, messageId) =>
    set({ replyingTo: { ...get().replyingTo, [conversationId]: messageId } }),
  applyMessageUpdate: (message) => {
    const { timelines, conversations, mentionSeqs } = get();
    const timeline = timelines[message.conversationId];
    const index = timeline?.messages.findIndex((known) => known.id === message.id) ?? -1;
    const patch: Partial<
      MessagingV2Data & { timelines: typeof timelines; conversations: typeof conversations }
    > = {};
    if (timeline && index >= 0) {
      const messages = timeline.messages.slice();
      messages[index] = message;
      patch.timelines = { ...timelines, [message.conversationId]: { ...timeline, messages } };
    }
    const conversation = conversations[message.conversationId];
    if (conversation?.lastMessage?.id === message.id) {
      patch.conversations = {
        ...conversations,
        [conversation.id]: { ...conversation, lastMessage: message },
      };
    }
    const meId = get().me?.id;
    const seqs = mentionSeqs[message.conversationId];
    if (
      seqs?.includes(message.seq) &&
      (message.deletedAt !== null || !meId || !message.mentions.includes(meId))
    ) {
      patch.mentionSeqs = { ...mentionSeqs, [message.conversationId]: seqs.filter((s) => s !== message.seq) };
    }
    if (Object.keys(patch).length > 0) set(patch);
    if (!patch.mentionSeqs) get().noteMentions([message]);
  },
  applyFileScanned: (file) => {
    if (get().fileScans[file.id] !== file.scan)
      set({ fileScans: { ...get().fileScans, [file.id]: file.scan } });
    const timelines = get().timelines;
    let next: typeof timelines | null = null;
    for (const [conversationId, timeline] of Object.entries(timelines)) {
      if (!timeline.messages.some((m) => m.attachments.some((a) => a.id === file.id))) continue;
      next ??= { ...timelines };
      next[conversationId] = {
        ...timeline,
        messages: timeline.messages.map((m) =>
          m.attachments.some((a) => a.id === file.id)
            ? {
                ...m,
                attachments: m.attachments.map((a) =>
                  a.id === file.id ? { ...a, scan: file.scan, thumbnail: file.thumbnail } : a,
                ),
              }
            : m,
        ),
      };
    }
    if (next) set({ timelines: next });
  },
  setUnreadMarker: (conversationId, seq) => {
    if (get().unreadMarkers[conversationId] === seq) return;
    set({ unreadMarkers: { ...get().unreadMarkers, [conversationId]: seq } });
  },
  markUnreadLocal: (conversationId, seq) => {
    const { conversations, timelines, me } = get();
    const conversation = conversations[conversationId];
    if (!conversation) return;
    const readSeq = Math.max(0, seq - 1);
    const unread = (timelines[conversationId]?.messages ?? []).filter(
      (m) => m.seq > readSeq && m.senderId !== me?.id && m.kind === 'user' && m.deletedAt === null,
    ).length;
    set({
      conversations: {
        ...conversations,
        [conversationId]: { ...conversation, readSeq, unread: Math.max(unread, 1) },
      },
      readHolds: { ...get().readHolds, [conversationId]: true },
      unreadMarkers: { ...get().unreadMarkers, [conversationId]: seq },
    });
    get().noteMentions(timelines[conversationId]?.messages ?? []);
  },
  releaseReadHold: (conversationId) => {
    if (!get().readHolds[conversationId]) return;
    const { [conversationId]: _released, ...rest } = get().readHolds;
    set({ readHolds: rest });
  },
  noteMentions: (messages) => {
    const { me, conversations, mentionSeqs } = get();
    if (!me) return;
    let next: Record<string, number[]> | null = null;
    for (const message of messages) {
      const readSeq = conversations[message.conversationId]?.readSeq ?? 0;
      if (message.seq <= readSeq || message.senderId === me.id || message.deletedAt !== null) continue;
      if (!message.mentions.includes(me.id)) continue;
      const current = (next ?? mentionSeqs)[message.conversationId] ?? [];
      if (current.includes(message.seq)) continue;
      next ??= { ...mentionSeqs };
      next[message.conversationId] = [...current, message.seq];
    }
    if (next) set({ mentionSeqs: next });
  },
  openMessageSearch: (conversationId) =>
    set({ messageSearch: { ...closedSearch(), open: true, conversationId } }),
  closeMessageSearch: () => set({ messageSearch: closedSearch() }),
  startMessageSearch: (query) =>
    set({ messageSearch: { ...get().messageSearch, query, status: 'loading', error: null } }),
  setMessageSearchResults: (query, hits) => {
    if (get().messageSearch.query !== query) return;
    set({ messageSearch: { ...get().messageSearch, status: 'ready', hits, error: null } });
  },
  setMessageSearchError: (query, error) => {
    if (get().messageSearch.query !== query) return;
    set({ messageSearch: { ...get().messageSearch, status: 'error', hits: [], error } });
  },
  requestJump: (conversationId, seq) => {
    nonce += 1;
    set({ jumpTarget: { conversationId, seq, nonce } });
  },
  clearJump: (done) => {
    if (get().jumpTarget?.nonce === done) set({ jumpTarget: null });
  },
  resetTimeline: (conversationId, messages, hasOlder) => {
    const known = get().timelines[conversationId];
    set({
      timelines: {
        ...get().timelines,
        [conversationId]: {
          messages,
          prepended: 0,
          hasOlder: hasOlder && (messages[0]?.seq ?? 2) > 1,
          status: 'ready',
          olderStatus: 'idle',
          error: null,
          generation: (known?.generation ?? 0) + 1,
        },
      },
    });
  },
});

/** The number of unread messages mentioning me in a conversation. */
export function mentionCount(state: Pick<MessagingV2Data, 'mentionSeqs'>, conversationId: string): number {
  return state.mentionSeqs[conversationId]?.length ?? 0;
}
