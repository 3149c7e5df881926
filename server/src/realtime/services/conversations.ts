import { type Conversation, type ConversationOpenPayload, ProtocolError, type User } from '@beacon/protocol';
import { toUser } from '../../accounts/public-user';
import { type ConversationRecord, NotFoundError, type Store, type UserRecord } from '../../store/types';
import type { MembershipPolicy } from '../types';
import { newConversationView, toConversation } from './conversation-views';
import type { HiddenReads } from './hidden-reads';

export interface OpenedConversation {
  record: ConversationRecord;
  created: boolean;
  /** Every member's view, keyed by member id. */
  views: Map<string, Conversation>;
}

/** Opening and listing conversations, with the membership rules of the contract. */
export class ConversationService {
  constructor(
    private readonly store: Store,
    private readonly policy: MembershipPolicy,
    private readonly now: () => number,
    /** Others see the read positions of users who appear offline frozen (none: as stored). */
    private readonly hiddenReads?: HiddenReads,
  ) {}

  /**
   * Opens the direct conversation with one other member (the same one every time)
   * or creates a group. Every member must be an enabled user, inside the
   * organisation or an allowed external domain.
   */
  async open(caller: User, payload: ConversationOpenPayload): Promise<OpenedConversation> {
    const otherIds = [...new Set(payload.memberIds)].filter((id) => id !== caller.id);
    if (otherIds.length === 0)
      throw new ProtocolError('invalid', 'memberIds: name at least one other member');
    const kind = payload.kind ?? (otherIds.length === 1 ? 'direct' : 'group');
    if (kind === 'direct' && otherIds.length !== 1) {
      throw new ProtocolError('invalid', 'kind: a direct conversation has exactly one other member');
    }
    const others = await this.requireMembers(otherIds);
    const memberIds = [caller.id, ...otherIds];
    let result: { conversation: ConversationRecord; created: boolean };
    try {
      result = await this.store.conversations.create({
        kind,
        title: kind === 'group' ? payload.title?.trim() || null : null,
        memberIds,
        createdAt: this.now(),
      });
    } catch (error) {
      if (error instanceof NotFoundError) throw new ProtocolError('not_found', `memberIds: ${error.message}`);
      throw error;
    }
    const users = new Map<string, User>([caller, ...others.map(toUser)].map((u) => [u.id, u]));
    const views = new Map<string, Conversation>();
    if (result.created) {
      for (const id of result.conversation.memberIds) {
        views.set(id, newConversationView(id, result.conversation, users));
      }
    } else {
      const view = await this.viewFor(result.conversation.id, caller.id);
      if (view) views.set(caller.id, view);
    }
    return { record: result.conversation, created: result.created, views };
  }

  /** The user's conversations, most recently active first. */
  async list(userId: string): Promise<Conversation[]> {
    const records = await this.store.conversations.listForMember(userId);
    const users = await this.usersOf(records.flatMap((r) => r.memberIds));
    const readSeqs = await Promise.all(records.map((r) => this.store.conversations.readSeqs(r.id)));
    return records.map((record, i) =>
      toConversation(userId, record, users, this.readSeqsFor(userId, record.id, readSeqs[i] ?? {})),
    );
  }

  /** One conversation as `viewerId` sees it, or null when the viewer is not a member. */
  async viewFor(conversationId: string, viewerId: string): Promise<Conversation | null> {
    const record = await this.store.conversations.forMember(conversationId, viewerId);
    if (!record) return null;
    const [users, readSeqs] = await Promise.all([
      this.usersOf(record.memberIds),
      this.store.conversations.readSeqs(conversationId),
    ]);
    return toConversation(viewerId, record, users, this.readSeqsFor(viewerId, conversationId, readSeqs));
  }

  /** Every member's read position as the viewer may see it (see hidden-reads.ts). */
  private readSeqsFor(
    viewerId: string,
    conversationId: string,
    readSeqs: Record<string, number>,
  ): Record<string, number> {
    return this.hiddenReads ? this.hiddenReads.forViewer(viewerId, conversationId, readSeqs) : readSeqs;
  }

  private async requireMembers(ids: string[]): Promise<UserRecord[]> {
    const found = new Map((await this.store.users.byIds(ids)).map((u) => [u.id, u]));
    const users: UserRecord[] = [];
    for (const id of ids) {
      const user = found.get(id);
      if (!user || user.disabled) throw new ProtocolError('not_found', `memberIds: no user ${id}`);
      users.push(user);
    }
    for (const user of users) {
      const domain = user.email.slice(user.email.lastIndexOf('@') + 1);
      if (domain !== this.policy.orgDomain && !this.policy.allowedExternalDomains.includes(domain)) {
        throw new ProtocolError('policy', `memberIds: ${user.email} is outside the organisation`);
      }
    }
    return users;
  }

  private async usersOf(ids: readonly string[]): Promise<Map<string, User>> {
    const users = await this.store.users.byIds([...new Set(ids)]);
    return new Map(users.map((u) => [u.id, toUser(u)]));
  }
}
