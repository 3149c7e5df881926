import { type Conversation, type ConversationOpenPayload, ProtocolError, type User } from '@beacon/protocol';
import { toUser } from '../../accounts/public-user';
import {
  type ConversationRecord,
  type DescribeSystemEvent,
  NotFoundError,
  type Store,
  type UserRecord,
} from '../../store/types';
import type { MembershipPolicy } from '../types';
import { toConversation } from './conversation-views';
import { DEFAULT_GROUP_LIMITS, type GroupLimits, HourlyAllowance } from './group-limits';
import type { HiddenReads } from './hidden-reads';
import { describeSystemEvent } from './system-text';

export interface OpenedConversation {
  record: ConversationRecord;
  created: boolean;
  /** Every member's view, keyed by member id. */
  views: Map<string, Conversation>;
}

/** Opening and listing conversations, with the membership rules of the contract. */
export class ConversationService {
  private readonly groupAllowance: HourlyAllowance;
  readonly invitationAllowance: HourlyAllowance;

  constructor(
    private readonly store: Store,
    private readonly policy: MembershipPolicy,
    private readonly now: () => number,
    /** Others see the read positions of users who appear offline frozen (none: as stored). */
    private readonly hiddenReads?: HiddenReads,
    limits: GroupLimits = DEFAULT_GROUP_LIMITS,
  ) {
    this.groupAllowance = new HourlyAllowance(limits.groupsPerHour, 'new groups');
    this.invitationAllowance = new HourlyAllowance(limits.invitationsPerHour, 'members added to groups');
  }

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
    // Every group is new, so each one counts; a direct conversation is unique per pair.
    if (kind === 'group') this.groupAllowance.take(caller.id);
    const names = new Map<string, string>([caller, ...others].map((u) => [u.id, u.name]));
    let result: { conversation: ConversationRecord; created: boolean };
    try {
      result = await this.store.conversations.create({
        kind,
        title: kind === 'group' ? payload.title?.trim() || null : null,
        memberIds,
        createdAt: this.now(),
        creatorId: caller.id,
        describe: describer(names),
      });
    } catch (error) {
      if (error instanceof NotFoundError) throw new ProtocolError('not_found', `memberIds: ${error.message}`);
      throw error;
    }
    // A new direct conversation shows only in its opener's list until it has a message.
    const viewers = result.created && kind === 'group' ? result.conversation.memberIds : [caller.id];
    const views = await this.viewsFor(result.conversation.id, viewers);
    return { record: result.conversation, created: result.created, views };
  }

  /** Each viewer's view of the conversation (current or former member), keyed by viewer id. */
  async viewsFor(conversationId: string, viewerIds: readonly string[]): Promise<Map<string, Conversation>> {
    const views = new Map<string, Conversation>();
    for (const viewerId of viewerIds) {
      const view = await this.viewFor(conversationId, viewerId);
      if (view) views.set(viewerId, view);
    }
    return views;
  }

  /** Enabled users in the organisation or an allowed domain, else `not_found` / `policy`. */
  async requireUsers(ids: string[]): Promise<UserRecord[]> {
    return this.requireMembers(ids);
  }

  /** The user's conversations, most recently active first. */
  async list(userId: string): Promise<Conversation[]> {
    const records = await this.store.conversations.listForMember(userId);
    const users = await this.usersOf(records.flatMap((r) => r.memberIds));
    const readSeqs = await Promise.all(records.map((r) => this.store.conversations.readSeqs(r.id)));
    return records.map((record, i) =>
      toConversation(userId, record, users, this.readSeqsFor(userId, record, readSeqs[i] ?? {})),
    );
  }

  /**
   * One conversation as `viewerId` sees it: a member's view, a former member's read-only one
   * (`memberIds` without them), or null when they never were a member or hid it.
   */
  async viewFor(conversationId: string, viewerId: string): Promise<Conversation | null> {
    const record = await this.store.conversations.forViewer(conversationId, viewerId);
    if (!record) return null;
    const [users, readSeqs] = await Promise.all([
      this.usersOf(record.memberIds),
      this.store.conversations.readSeqs(conversationId),
    ]);
    return toConversation(viewerId, record, users, this.readSeqsFor(viewerId, record, readSeqs));
  }

  /** Every member's read position as the viewer may see it (see hidden-reads.ts). */
  private readSeqsFor(
    viewerId: string,
    record: { id: string; left?: boolean },
    readSeqs: Record<string, number>,
  ): Record<string, number> {
    // A former member no longer learns how far the others read.
    if (record.left) return {};
    return this.hiddenReads ? this.hiddenReads.forViewer(viewerId, record.id, readSeqs) : readSeqs;
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

/** The fallback text of system messages, naming users by the display names given. */
export function describer(names: ReadonlyMap<string, string>): DescribeSystemEvent {
  return (event) => describeSystemEvent(event, (id) => names.get(id) ?? 'Someone');
}
