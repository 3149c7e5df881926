import { LIMITS } from '@beacon/protocol';
import type { AppStore } from '../store';
import type { RunCommand } from './command-runner';
import { describeError } from './errors';

/** Messages per page of a jump (`message:history` with `aroundSeq`). */
const AROUND_PAGE = 50;
const SEARCH_LIMIT = 50;

export interface MessageActionsDeps {
  store: AppStore;
  command: RunCommand;
  /** Shows a conversation (and loads its newest messages). */
  show(conversationId: string): void;
  /** Fetches everything after the loaded window, gap-free. */
  catchUp(conversationId: string): Promise<void>;
  /** Loads the page before the loaded window. */
  loadOlder(conversationId: string): Promise<void>;
}

/** How far back a jump to a quoted message (known only by id) pages before it gives up. */
const MAX_PAGES_BACK = 20;

/** Messages v2 commands: edit, delete, reactions, search and jumping to a message. */
export class MessageActions {
  constructor(private readonly deps: MessageActionsDeps) {}

  async edit(messageId: string, body: string): Promise<void> {
    const { message } = await this.deps.command('message:edit', { messageId, body });
    this.deps.store.getState().applyMessageUpdate(message);
  }

  async delete(messageId: string): Promise<void> {
    const { message } = await this.deps.command('message:delete', { messageId });
    this.deps.store.getState().applyMessageUpdate(message);
  }

  /**
   * "Mark as unread": shown at once, then stored by the server (`message:unread`) so it
   * sticks on every device; the caller's sessions get the new `conversation`.
   */
  async markUnread(conversationId: string, seq: number): Promise<void> {
    this.deps.store.getState().markUnreadLocal(conversationId, seq);
    await this.deps.command('message:unread', { conversationId, seq });
  }

  /** The message's `message:updated` follows the acknowledgement and updates the chips. */
  async addReaction(messageId: string, emoji: string): Promise<void> {
    await this.deps.command('reaction:add', { messageId, emoji });
  }

  async removeReaction(messageId: string, emoji: string): Promise<void> {
    await this.deps.command('reaction:remove', { messageId, emoji });
  }

  /** Searches (the scope is the open search's); hits or the error land in `messageSearch`. */
  async search(rawQuery: string): Promise<void> {
    const state = this.deps.store.getState();
    const query = rawQuery.trim().slice(0, LIMITS.queryMaxChars);
    const { conversationId } = state.messageSearch;
    state.startMessageSearch(query);
    if (!query) {
      state.setMessageSearchResults(query, []);
      return;
    }
    try {
      const { hits } = await this.deps.command('message:search', {
        query,
        limit: SEARCH_LIMIT,
        ...(conversationId ? { conversationId } : {}),
      });
      this.deps.store.getState().setMessageSearchResults(query, hits);
    } catch (error) {
      this.deps.store.getState().setMessageSearchError(query, describeError(error));
    }
  }

  /**
   * Shows a message: scrolls to it when it is loaded; otherwise loads the page around it
   * (`aroundSeq`) as the new window, then catches up to the newest message behind it.
   */
  async jumpTo(conversationId: string, seq: number): Promise<void> {
    const state = this.deps.store.getState();
    if (state.activeConversationId !== conversationId) this.deps.show(conversationId);
    const loaded = this.deps.store.getState().timelines[conversationId];
    if (!loaded?.messages.some((message) => message.seq === seq)) {
      const { messages, more } = await this.deps.command('message:history', {
        conversationId,
        aroundSeq: seq,
        limit: AROUND_PAGE,
      });
      // With aroundSeq, `more` says whether older messages exist.
      this.deps.store.getState().resetTimeline(conversationId, messages, more);
      this.deps.store.getState().noteMessages(messages, false);
      void this.deps.catchUp(conversationId).catch(() => undefined);
    }
    this.deps.store.getState().requestJump(conversationId, seq);
  }

  /**
   * Shows a reply's quoted message: with its seq (`replyTo.seq`) the history around it;
   * without (an older server) pages back through the loaded conversation until it appears.
   * Resolves false when it was not found.
   */
  async jumpToId(conversationId: string, messageId: string, seq?: number): Promise<boolean> {
    if (seq !== undefined) {
      await this.jumpTo(conversationId, seq);
      const timeline = this.deps.store.getState().timelines[conversationId];
      return timeline?.messages.some((message) => message.id === messageId) ?? false;
    }
    for (let page = 0; page <= MAX_PAGES_BACK; page += 1) {
      const timeline = this.deps.store.getState().timelines[conversationId];
      const found = timeline?.messages.find((message) => message.id === messageId);
      if (found) {
        this.deps.store.getState().requestJump(conversationId, found.seq);
        return true;
      }
      if (!timeline?.hasOlder || timeline.olderStatus === 'error') return false;
      await this.deps.loadOlder(conversationId);
    }
    return false;
  }
}
