import type { AuditActor } from '../store/ports/audit';
import type { RetainedConversation, RetentionPolicy, RetentionScope } from '../store/ports/retention';
import type { Store } from '../store/types';
import { AuditService } from './audit';
import { formatRetentionDuration } from './durations';

export type ConversationKind = RetainedConversation['kind'];
export const CONVERSATION_KINDS: readonly ConversationKind[] = ['direct', 'group'];

/** The periods that apply to one kind of conversation, and the policy they come from. */
export interface EffectivePolicy {
  kind: ConversationKind;
  /** `all` when the kind has no override. */
  scope: RetentionScope;
  messagesMs: number | null;
  archiveMs: number | null;
}

/** What a purge removes (or, dry, would remove) from one kind of conversation. */
export interface KindReport extends EffectivePolicy {
  /** Messages sent before this instant go; null: messages are kept forever. */
  messagesCutoff: number | null;
  /** Archive entries written before this instant go; null: the archive is kept forever. */
  archiveCutoff: number | null;
  conversations: number;
  messages: { count: number; conversations: number };
  archive: { entries: number; chains: number };
  /** Conversations with something retention would remove, skipped because they are under a hold. */
  held: { conversations: number; messages: number; archiveEntries: number };
}

export interface RetentionReport {
  at: number;
  /** False: a preview, nothing was removed. */
  applied: boolean;
  kinds: KindReport[];
  totals: { messages: number; archiveEntries: number; heldConversations: number };
}

export interface PolicyChange {
  /** Omitted: the organisation's policy (`all`). */
  kind?: ConversationKind;
  /** Omitted: unchanged; null: forever. */
  messagesMs?: number | null;
  archiveMs?: number | null;
}

export interface PolicyChangeResult {
  policy: RetentionPolicy;
  previous: RetentionPolicy | null;
  /** Kinds whose messages would stay visible longer than the archive keeps them. */
  warnings: string[];
}

const FOREVER = { messagesMs: null, archiveMs: null } as const;

/** True when users would still see messages the archive no longer has. */
export function messagesOutliveArchive(policy: Pick<EffectivePolicy, 'messagesMs' | 'archiveMs'>): boolean {
  if (policy.archiveMs === null) return false;
  return policy.messagesMs === null || policy.messagesMs > policy.archiveMs;
}

/**
 * Retention (docs/compliance.md, "Retention"): which policy applies to which conversation, what
 * a purge would remove, and the purge itself. Nothing under an active legal hold is ever removed.
 */
export class RetentionService {
  constructor(private readonly store: Pick<Store, 'retention' | 'archive' | 'audit'>) {}

  /** The kind's override, else the organisation's policy, else forever. */
  async effectivePolicies(): Promise<EffectivePolicy[]> {
    const policies = new Map((await this.store.retention.policies()).map((policy) => [policy.scope, policy]));
    return CONVERSATION_KINDS.map((kind) => {
      const policy = policies.get(kind) ?? policies.get('all');
      return {
        kind,
        scope: policy?.scope ?? 'all',
        messagesMs: policy?.messagesMs ?? null,
        archiveMs: policy?.archiveMs ?? null,
      };
    });
  }

  /**
   * Sets the periods given, keeping the others; a new override starts from the organisation's
   * current periods. Written to the audit log as `retention.set`.
   */
  async setPolicy(change: PolicyChange, at: number, actor: AuditActor): Promise<PolicyChangeResult> {
    const scope: RetentionScope = change.kind ?? 'all';
    const previous = await this.store.retention.policy(scope);
    const base = previous ?? (scope === 'all' ? null : await this.store.retention.policy('all')) ?? FOREVER;
    const policy = await this.store.retention.setPolicy({
      scope,
      messagesMs: change.messagesMs === undefined ? base.messagesMs : change.messagesMs,
      archiveMs: change.archiveMs === undefined ? base.archiveMs : change.archiveMs,
      updatedAt: at,
      updatedBy: actor.actor,
    });
    await new AuditService(this.store.audit, () => at).record(actor, 'retention.set', scope, {
      scope,
      messages: formatRetentionDuration(policy.messagesMs),
      archive: formatRetentionDuration(policy.archiveMs),
      messagesMs: policy.messagesMs,
      archiveMs: policy.archiveMs,
      previous: previous ? { messagesMs: previous.messagesMs, archiveMs: previous.archiveMs } : null,
    });
    const warnings = (await this.effectivePolicies())
      .filter(messagesOutliveArchive)
      .map(
        (effective) =>
          `${effective.kind} conversations: messages stay visible for ${formatRetentionDuration(effective.messagesMs)} ` +
          `but the archive keeps them only ${formatRetentionDuration(effective.archiveMs)}, so the record of ` +
          'messages users can still see would be purged first',
      );
    return { policy, previous, warnings };
  }

  /** What a purge at `now` would remove; changes nothing and writes nothing. */
  async preview(now: number): Promise<RetentionReport> {
    return this.run(now, false);
  }

  /**
   * Without `apply`: the preview. With it: removes what retention allows and reports what went.
   * Either way a `retention.purge` audit entry records the run and its counts.
   */
  async purge(now: number, options: { apply: boolean; actor: AuditActor }): Promise<RetentionReport> {
    const report = await this.run(now, options.apply);
    await new AuditService(this.store.audit, () => now).record(
      options.actor,
      'retention.purge',
      null,
      auditDetails(report),
    );
    return report;
  }

  private async run(now: number, apply: boolean): Promise<RetentionReport> {
    const [policies, held, conversations] = await Promise.all([
      this.effectivePolicies(),
      this.store.retention.heldConversationIds(),
      this.store.retention.conversations(),
    ]);
    const kinds: KindReport[] = [];
    for (const policy of policies) {
      const ofKind = conversations.filter((conversation) => conversation.kind === policy.kind);
      kinds.push(await this.runKind(policy, ofKind, held, now, apply));
    }
    return {
      at: now,
      applied: apply,
      kinds,
      totals: {
        messages: sum(kinds.map((kind) => kind.messages.count)),
        archiveEntries: sum(kinds.map((kind) => kind.archive.entries)),
        heldConversations: sum(kinds.map((kind) => kind.held.conversations)),
      },
    };
  }

  private async runKind(
    policy: EffectivePolicy,
    conversations: readonly RetainedConversation[],
    held: ReadonlySet<string>,
    now: number,
    apply: boolean,
  ): Promise<KindReport> {
    const report: KindReport = {
      ...policy,
      messagesCutoff: policy.messagesMs === null ? null : now - policy.messagesMs,
      archiveCutoff: policy.archiveMs === null ? null : now - policy.archiveMs,
      conversations: conversations.length,
      messages: { count: 0, conversations: 0 },
      archive: { entries: 0, chains: 0 },
      held: { conversations: 0, messages: 0, archiveEntries: 0 },
    };
    const free = conversations.filter((conversation) => !held.has(conversation.id)).map(({ id }) => id);
    const onHold = conversations.filter((conversation) => held.has(conversation.id)).map(({ id }) => id);
    const skipped = new Set<string>();

    if (report.messagesCutoff !== null) {
      const cutoff = report.messagesCutoff;
      for (const [id, count] of await this.store.retention.countMessagesBefore(onHold, cutoff)) {
        skipped.add(id);
        report.held.messages += count;
      }
      for (const [id, count] of await this.store.retention.countMessagesBefore(free, cutoff)) {
        const removed = apply
          ? await this.store.retention.purgeMessages(id, cutoff)
          : { messages: count, purged: true };
        if (!removed.purged) {
          // Held since this run began: the hold wins.
          skipped.add(id);
          report.held.messages += count - removed.messages;
        }
        if (removed.messages > 0) {
          report.messages.count += removed.messages;
          report.messages.conversations += 1;
        }
      }
    }

    if (report.archiveCutoff !== null) {
      const cutoff = report.archiveCutoff;
      for (const prefix of await this.store.retention.archivePrefixes(onHold, cutoff)) {
        skipped.add(prefix.chain);
        report.held.archiveEntries += prefix.entries;
      }
      for (const prefix of await this.store.retention.archivePrefixes(free, cutoff)) {
        if (apply && (await this.store.retention.isHeld(prefix.chain))) {
          skipped.add(prefix.chain);
          report.held.archiveEntries += prefix.entries;
          continue;
        }
        if (apply) await this.store.archive.purgePrefix(prefix.chain, prefix.throughSeq, cutoff, now);
        report.archive.entries += prefix.entries;
        report.archive.chains += 1;
      }
    }
    report.held.conversations = skipped.size;
    return report;
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** The report as the audit log keeps it: every count, per kind. */
export function auditDetails(report: RetentionReport): Record<string, unknown> {
  return {
    applied: report.applied,
    totals: report.totals,
    kinds: report.kinds.map((kind) => ({
      kind: kind.kind,
      scope: kind.scope,
      messagesMs: kind.messagesMs,
      archiveMs: kind.archiveMs,
      messagesCutoff: kind.messagesCutoff,
      archiveCutoff: kind.archiveCutoff,
      messages: kind.messages,
      archive: kind.archive,
      held: kind.held,
    })),
  };
}
