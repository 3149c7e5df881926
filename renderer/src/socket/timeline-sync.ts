import type { Message } from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import type { AppStore } from '../store';
import type { RunCommand } from './command-runner';
import { describeError } from './errors';

/** The newest messages shown when a conversation opens. */
const HISTORY_PAGE = 50;
/** Older history loaded per scroll to the top. */
const OLDER_PAGE = 100;
const CATCH_UP_PAGE = LIMITS.historyMaxLimit;
/** A safety stop for catch-up loops against a misbehaving server. */
const MAX_CATCH_UP_PAGES = 10_000;

export interface TimelineSyncDeps {
  store: AppStore;
  command: RunCommand;
  isOnline(): boolean;
  /** Whether the user is looking at the app (then messages of the open conversation count as read). */
  isAttentive(): boolean;
  /** Our own message came back (history or live): the outbox can forget it. */
  acknowledge(message: Message): void;
  refreshConversations(): Promise<void>;
  /** A message from someone else arrived live. */
  onFromOthers(message: Message): void;
}

/** Loaded conversation windows: first page, older pages, gap-free catch-up, live messages, read marks. */
export class TimelineSync {
  private readonly catchUps = new Map<string, { running: Promise<void>; again: boolean }>();
  private readonly readsInFlight = new Map<string, number>();
  private readonly loads = new Map<string, Promise<void>>();

  constructor(private readonly deps: TimelineSyncDeps) {}

  /** Loads the newest page of a conversation, then anything newer than it. */
  loadConversation(conversationId: string): Promise<void> {
    const running = this.loads.get(conversationId);
    if (running) return running;
    const timeline = this.deps.store.getState().timelines[conversationId];
    if (timeline && timeline.status !== 'error') return Promise.resolve();
    const load = this.loadLatest(conversationId).finally(() => this.loads.delete(conversationId));
    this.loads.set(conversationId, load);
    return load;
  }

  /** Loads the page before the oldest loaded message (scrolling up). */
  async loadOlder(conversationId: string): Promise<void> {
    const state = this.deps.store.getState();
    const timeline = state.timelines[conversationId];
    const first = timeline?.messages[0];
    if (!timeline || !first || !timeline.hasOlder || timeline.olderStatus === 'loading') return;
    state.setOlderStatus(conversationId, 'loading');
    try {
      const { messages, more } = await this.deps.command('message:history', {
        conversationId,
        beforeSeq: first.seq,
        limit: OLDER_PAGE,
      });
      this.deps.store.getState().mergeMessages(conversationId, messages, { hasOlder: more });
      this.deps.store.getState().setOlderStatus(conversationId, 'idle');
    } catch {
      this.deps.store.getState().setOlderStatus(conversationId, 'error');
    }
  }

  /** Marks a conversation read up to its newest loaded message. */
  markRead(conversationId: string): void {
    const state = this.deps.store.getState();
    const conversation = state.conversations[conversationId];
    const newest = state.timelines[conversationId]?.messages.at(-1)?.seq ?? 0;
    const seq = Math.max(newest, 0);
    if (!conversation || seq === 0 || state.readHolds[conversationId]) return;
    if (seq <= conversation.readSeq && conversation.unread === 0) return;
    if ((this.readsInFlight.get(conversationId) ?? 0) >= seq || !this.deps.isOnline()) return;
    this.readsInFlight.set(conversationId, seq);
    state.markReadLocal(conversationId, seq);
    this.deps
      .command('message:read', { conversationId, seq })
      .catch(() => {
        // Sent again the next time the conversation is looked at.
      })
      .finally(() => {
        if (this.readsInFlight.get(conversationId) === seq) this.readsInFlight.delete(conversationId);
      });
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
        } while (entry.again && this.deps.isOnline());
      } finally {
        this.catchUps.delete(conversationId);
      }
    })();
    this.catchUps.set(conversationId, entry);
    return entry.running;
  }

  /** After a reconnect: every loaded conversation fetches what it missed; failed loads are retried. */
  async catchUpAll(): Promise<void> {
    const { timelines } = this.deps.store.getState();
    await Promise.allSettled(
      Object.entries(timelines).map(([conversationId, timeline]) =>
        timeline.status === 'error' ? this.loadConversation(conversationId) : this.catchUp(conversationId),
      ),
    );
  }

  /** A single new message (live event or our own acknowledged send). */
  absorbLive(message: Message, fromOthers: boolean): void {
    const state = this.deps.store.getState();
    if (message.senderId === state.me?.id) this.deps.acknowledge(message);
    const known = state.noteMessages([message], this.isLooking(message.conversationId));
    state.noteMentions([message]);
    if (!known) void this.deps.refreshConversations();
    const timeline = state.timelines[message.conversationId];
    if (timeline?.status === 'ready') {
      const last = timeline.messages.at(-1)?.seq ?? 0;
      // Merge only what keeps the loaded window gap-free; a gap means something was missed.
      if (message.seq <= last + 1) state.mergeMessages(message.conversationId, [message]);
      else void this.catchUp(message.conversationId).catch(() => undefined);
    }
    if (fromOthers) this.deps.onFromOthers(message);
  }

  private async loadLatest(conversationId: string): Promise<void> {
    let state = this.deps.store.getState();
    if (!state.conversations[conversationId]) {
      await this.deps.refreshConversations();
      state = this.deps.store.getState();
    }
    state.beginTimeline(conversationId);
    const lastSeq = state.conversations[conversationId]?.lastSeq ?? 0;
    try {
      const { messages, more } = await this.deps.command('message:history', {
        conversationId,
        beforeSeq: lastSeq + 1,
        limit: HISTORY_PAGE,
      });
      this.absorbHistory(conversationId, messages, { hasOlder: more });
    } catch (error) {
      this.deps.store.getState().setTimelineError(conversationId, describeError(error));
      return;
    }
    await this.catchUp(conversationId).catch(() => undefined);
  }

  private async fetchNewer(conversationId: string): Promise<void> {
    for (let page = 0; page < MAX_CATCH_UP_PAGES; page += 1) {
      const timeline = this.deps.store.getState().timelines[conversationId];
      if (timeline?.status !== 'ready') return;
      const afterSeq = timeline.messages.at(-1)?.seq ?? 0;
      const { messages, more } = await this.deps.command('message:history', {
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
    const meId = this.deps.store.getState().me?.id;
    for (const message of messages) if (message.senderId === meId) this.deps.acknowledge(message);
    const state = this.deps.store.getState();
    state.mergeMessages(conversationId, messages, options);
    state.noteMessages(messages, this.isLooking(conversationId));
    state.noteMentions(messages);
  }

  private isLooking(conversationId: string): boolean {
    return this.deps.store.getState().activeConversationId === conversationId && this.deps.isAttentive();
  }
}
