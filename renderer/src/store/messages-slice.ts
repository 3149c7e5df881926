import type { Attachment, Message } from '@beacon/protocol';
import type { SliceCreator } from './types';

/** The loaded part of one conversation's history: a window of messages ascending by seq. */
export interface Timeline {
  messages: Message[];
  /** Messages inserted before the first one initially loaded; the transcript's firstItemIndex moves by it. */
  prepended: number;
  /** Whether older messages exist on the server before the first loaded one. */
  hasOlder: boolean;
  status: 'loading' | 'ready' | 'error';
  olderStatus: 'idle' | 'loading' | 'error';
  error: string | null;
  /** Bumped when the window is replaced (a jump far back): the transcript starts over. */
  generation: number;
}

/** A message the user wrote that the server has not acknowledged yet (or refused). */
export interface OutboxItem {
  clientId: string;
  conversationId: string;
  body: string;
  createdAt: number;
  state: 'pending' | 'failed';
  /** Why the server refused it: a contract error code (too_large, forbidden...) and its message. */
  error: { code: string; message: string } | null;
  /** v2: the message this one replies to. */
  replyToId?: string | null;
  /** v2: uploaded files sent with it. */
  attachments?: Attachment[];
}

export interface MessagesData {
  timelines: Record<string, Timeline>;
  outbox: Record<string, OutboxItem[]>;
}

export interface MergeOptions {
  /** Known after a backwards page: whether more history exists before it. */
  hasOlder?: boolean;
}

export interface MessagesSlice extends MessagesData {
  beginTimeline(conversationId: string): void;
  setTimelineError(conversationId: string, message: string): void;
  /** Merges messages into a loaded timeline (deduplicated by seq); ignored for conversations never opened. */
  mergeMessages(conversationId: string, messages: readonly Message[], options?: MergeOptions): void;
  setOlderStatus(conversationId: string, status: Timeline['olderStatus']): void;
  putOutboxItem(item: OutboxItem): void;
  removeOutboxItem(conversationId: string, clientId: string): void;
}

export const initialMessagesData = (): MessagesData => ({ timelines: {}, outbox: {} });

export interface MergeResult {
  messages: Message[];
  /** How many of the added messages sort before the previous first message. */
  addedBefore: number;
  changed: boolean;
}

/** Merges two seq-ascending lists without duplicates. Appends and prepends (the usual cases) stay O(k). */
export function mergeBySeq(existing: readonly Message[], incoming: readonly Message[]): MergeResult {
  if (incoming.length === 0) return { messages: existing as Message[], addedBefore: 0, changed: false };
  const sorted = isAscending(incoming) ? incoming : [...incoming].sort((a, b) => a.seq - b.seq);
  const first = existing[0];
  const last = existing[existing.length - 1];
  if (!first || !last) {
    const unique = dedupeSorted(sorted);
    return { messages: unique, addedBefore: 0, changed: unique.length > 0 };
  }
  const newest = sorted[sorted.length - 1];
  const oldest = sorted[0];
  if (oldest && oldest.seq > last.seq) {
    return { messages: existing.concat(dedupeSorted(sorted)), addedBefore: 0, changed: true };
  }
  if (newest && newest.seq < first.seq) {
    const added = dedupeSorted(sorted);
    return { messages: added.concat(existing), addedBefore: added.length, changed: true };
  }
  const bySeq = new Map<number, Message>();
  for (const message of existing) bySeq.set(message.seq, message);
  let addedBefore = 0;
  let added = 0;
  for (const message of sorted) {
    if (bySeq.has(message.seq)) continue;
    bySeq.set(message.seq, message);
    added += 1;
    if (message.seq < first.seq) addedBefore += 1;
  }
  if (added === 0) return { messages: existing as Message[], addedBefore: 0, changed: false };
  const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return { messages, addedBefore, changed: true };
}

function isAscending(list: readonly Message[]): boolean {
  for (let i = 1; i < list.length; i += 1) {
    const prev = list[i - 1];
    const current = list[i];
    if (prev && current && prev.seq > current.seq) return false;
  }
  return true;
}

function dedupeSorted(list: readonly Message[]): Message[] {
  const result: Message[] = [];
  for (const message of list) {
    if (result[result.length - 1]?.seq !== message.seq) result.push(message);
  }
  return result;
}

const emptyTimeline = (): Timeline => ({
  messages: [],
  prepended: 0,
  hasOlder: true,
  status: 'loading',
  olderStatus: 'idle',
  error: null,
  generation: 0,
});

export const createMessagesSlice: SliceCreator<MessagesSlice> = (set, get) => ({
  ...initialMessagesData(),
  beginTimeline: (conversationId) => {
    const timelines = get().timelines;
    const known = timelines[conversationId];
    if (known && known.status !== 'error') return;
    set({
      timelines: {
        ...timelines,
        [conversationId]: known ? { ...known, status: 'loading', error: null } : emptyTimeline(),
      },
    });
  },
  setTimelineError: (conversationId, message) => {
    const timelines = get().timelines;
    const known = timelines[conversationId];
    if (!known) return;
    set({ timelines: { ...timelines, [conversationId]: { ...known, status: 'error', error: message } } });
  },
  mergeMessages: (conversationId, incoming, options = {}) => {
    const timelines = get().timelines;
    const known = timelines[conversationId];
    if (!known) return;
    const merged = mergeBySeq(known.messages, incoming);
    const hasOlder = options.hasOlder ?? known.hasOlder;
    if (!merged.changed && known.status === 'ready' && hasOlder === known.hasOlder) return;
    set({
      timelines: {
        ...timelines,
        [conversationId]: {
          ...known,
          messages: merged.messages,
          prepended: known.prepended + merged.addedBefore,
          hasOlder: hasOlder && (merged.messages[0]?.seq ?? 2) > 1,
          status: 'ready',
          error: null,
        },
      },
    });
  },
  setOlderStatus: (conversationId, olderStatus) => {
    const timelines = get().timelines;
    const known = timelines[conversationId];
    if (!known || known.olderStatus === olderStatus) return;
    set({ timelines: { ...timelines, [conversationId]: { ...known, olderStatus } } });
  },
  putOutboxItem: (item) => {
    const outbox = get().outbox;
    const list = outbox[item.conversationId] ?? [];
    const index = list.findIndex((entry) => entry.clientId === item.clientId);
    const next = index === -1 ? [...list, item] : list.map((entry, i) => (i === index ? item : entry));
    set({ outbox: { ...outbox, [item.conversationId]: next } });
  },
  removeOutboxItem: (conversationId, clientId) => {
    const outbox = get().outbox;
    const list = outbox[conversationId];
    if (!list?.some((entry) => entry.clientId === clientId)) return;
    set({ outbox: { ...outbox, [conversationId]: list.filter((entry) => entry.clientId !== clientId) } });
  },
});
