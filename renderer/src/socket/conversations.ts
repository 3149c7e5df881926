import type { Conversation } from '@beacon/protocol';
import type { AppStore } from '../store';
import type { RunCommand } from './command-runner';
import { describeError } from './errors';

export interface ConversationsDeps {
  store: AppStore;
  command: RunCommand;
  /** Shows a conversation (and loads its messages). */
  show(conversationId: string): void;
}

/** Opening, listing and (v2) managing conversations. */
export class Conversations {
  constructor(private readonly deps: ConversationsDeps) {}

  /** Opens (creating if needed) the direct conversation with a person and shows it. */
  async openDirect(userId: string): Promise<string> {
    const { conversation } = await this.deps.command('conversation:open', { memberIds: [userId] });
    this.adopt(conversation);
    return conversation.id;
  }

  async createGroup(memberIds: string[], title: string): Promise<string> {
    const trimmed = title.trim();
    const { conversation } = await this.deps.command('conversation:open', {
      memberIds,
      kind: 'group',
      ...(trimmed ? { title: trimmed } : {}),
    });
    this.adopt(conversation);
    return conversation.id;
  }

  async refresh(): Promise<void> {
    const state = this.deps.store.getState();
    if (state.conversationsStatus !== 'ready') state.setConversationsLoading();
    try {
      const { conversations } = await this.deps.command('conversation:list', undefined);
      this.deps.store.getState().setConversations(conversations);
    } catch (error) {
      if (this.deps.store.getState().conversationsStatus !== 'ready') {
        this.deps.store.getState().setConversationsError(describeError(error));
      }
    }
  }

  /** Renames a group and/or adds and removes members (v2 `conversation:update`). */
  async update(
    conversationId: string,
    change: { title?: string; addMemberIds?: string[]; removeMemberIds?: string[] },
  ): Promise<void> {
    const { conversation } = await this.deps.command('conversation:update', { conversationId, ...change });
    this.deps.store.getState().upsertConversation(conversation);
  }

  /** Leaves a group (v2 `conversation:leave`); it stays in the list, read-only. */
  async leave(conversationId: string): Promise<void> {
    const { conversation } = await this.deps.command('conversation:leave', { conversationId });
    this.deps.store.getState().upsertConversation(conversation);
  }

  private adopt(conversation: Conversation): void {
    this.deps.store.getState().upsertConversation(conversation);
    this.deps.show(conversation.id);
  }
}
