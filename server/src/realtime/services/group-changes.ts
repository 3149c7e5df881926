import {
  type Conversation,
  type ConversationRefPayload,
  type ConversationUpdatePayload,
  LIMITS,
  type Message,
  ProtocolError,
  type User,
} from '@beacon/protocol';
import {
  ConversationChangeError,
  type ConversationChangeResult,
  type ConversationRecord,
  type Store,
} from '../../store/types';
import { type ConversationService, describer } from './conversations';

/** What the handler fans out after a change. */
export interface GroupChange {
  record: ConversationRecord;
  /** The system messages, by seq; empty when nothing changed. */
  messages: Message[];
  /** Every current member's view, keyed by member id. */
  memberViews: Map<string, Conversation>;
  /** The removed members' and the leaver's last (read-only) views. */
  formerViews: Map<string, Conversation>;
  /** The caller's view, for the ack. */
  callerView: Conversation;
}

/** Renaming groups, adding and removing members, leaving and hiding (Conversations v2). */
export class GroupService {
  constructor(
    private readonly store: Store,
    private readonly conversations: ConversationService,
    private readonly now: () => number,
  ) {}

  async update(caller: User, payload: ConversationUpdatePayload): Promise<GroupChange> {
    const current = await this.requireGroupMember(payload.conversationId, caller.id, payload);
    const removeIds = payload.removeMemberIds ?? [];
    if (removeIds.includes(caller.id)) {
      throw new ProtocolError('invalid', 'removeMemberIds: to leave a group use conversation:leave');
    }
    const addIds = [...new Set(payload.addMemberIds ?? [])].filter((id) => !current.memberIds.includes(id));
    const added = await this.conversations.requireUsers(addIds).catch((error: unknown) => {
      if (error instanceof ProtocolError)
        throw new ProtocolError(error.code, error.message.replace('memberIds', 'addMemberIds'));
      throw error;
    });
    this.conversations.invitationAllowance.take(caller.id, addIds.length);
    const names = await this.namesOf([caller.id, ...current.memberIds, ...added.map((u) => u.id)]);
    const result = await this.write(() =>
      this.store.conversations.update({
        conversationId: current.id,
        actorId: caller.id,
        ...(payload.title !== undefined ? { title: payload.title } : {}),
        addMemberIds: addIds,
        removeMemberIds: removeIds,
        maxMembers: LIMITS.groupMaxMembers + 1,
        at: this.now(),
        describe: describer(names),
      }),
    );
    return this.changeFor(caller.id, result);
  }

  async leave(caller: User, payload: ConversationRefPayload): Promise<GroupChange> {
    await this.requireGroupMember(payload.conversationId, caller.id);
    const result = await this.write(() =>
      this.store.conversations.leave({
        conversationId: payload.conversationId,
        userId: caller.id,
        at: this.now(),
        describe: describer(new Map([[caller.id, caller.name]])),
      }),
    );
    return this.changeFor(caller.id, result);
  }

  /** Extension: a former member drops a conversation they left (or were removed from) from their list. */
  async hide(caller: User, { conversationId }: ConversationRefPayload): Promise<void> {
    if (await this.store.conversations.hide(conversationId, caller.id)) return;
    const conversation = await this.store.conversations.byId(conversationId);
    if (!conversation)
      throw new ProtocolError('not_found', `conversationId: no conversation ${conversationId}`);
    if (conversation.memberIds.includes(caller.id)) {
      throw new ProtocolError('invalid', 'conversationId: leave the conversation before hiding it');
    }
    // Hiding twice changes nothing; a user who never was a member has nothing to hide.
    if ((await this.store.conversations.periods(conversationId, caller.id)).length > 0) return;
    throw new ProtocolError('forbidden', 'conversationId: you are not a former member of this conversation');
  }

  /** Checked here for clear errors; the store checks again inside its transaction. */
  private async requireGroupMember(
    conversationId: string,
    userId: string,
    update?: ConversationUpdatePayload,
  ): Promise<ConversationRecord> {
    const conversation = await this.store.conversations.byId(conversationId);
    if (!conversation)
      throw new ProtocolError('not_found', `conversationId: no conversation ${conversationId}`);
    if (!conversation.memberIds.includes(userId)) {
      throw new ProtocolError('forbidden', 'conversationId: you are not a member of this conversation');
    }
    if (conversation.kind === 'direct') {
      const field =
        update?.title !== undefined && !update.addMemberIds && !update.removeMemberIds
          ? 'title'
          : 'conversationId';
      throw new ProtocolError('invalid', `${field}: a direct conversation's members and title cannot change`);
    }
    return conversation;
  }

  private async write(change: () => Promise<ConversationChangeResult>): Promise<ConversationChangeResult> {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof ConversationChangeError)) throw error;
      switch (error.reason) {
        case 'not_found':
          throw new ProtocolError('not_found', `conversationId: ${error.message}`);
        case 'not_member':
          throw new ProtocolError('forbidden', `conversationId: ${error.message}`);
        case 'direct':
          throw new ProtocolError('invalid', `conversationId: ${error.message}`);
        case 'too_many_members':
          throw new ProtocolError('invalid', `addMemberIds: ${error.message}`);
      }
    }
  }

  private async changeFor(callerId: string, result: ConversationChangeResult): Promise<GroupChange> {
    const { conversation, messages, removedIds } = result;
    const memberViews = await this.conversations.viewsFor(conversation.id, conversation.memberIds);
    const formerViews = await this.conversations.viewsFor(conversation.id, removedIds);
    const callerView = memberViews.get(callerId) ?? formerViews.get(callerId);
    if (!callerView) throw new Error(`conversation ${conversation.id} has no view for ${callerId}`);
    return { record: conversation, messages, memberViews, formerViews, callerView };
  }

  private async namesOf(ids: string[]): Promise<Map<string, string>> {
    const users = await this.store.users.byIds([...new Set(ids)]);
    return new Map(users.map((user) => [user.id, user.name]));
  }
}
