import { AccountError, normalizeEmail } from '../accounts/accounts';
import type { AuditActor } from '../store/ports/audit';
import type { LegalHold } from '../store/ports/retention';
import type { Store } from '../store/types';
import { AuditService } from './audit';

/** A hold that cannot be placed or released; the message says why. */
export class HoldError extends Error {}

export type HoldTarget = { user: string } | { conversation: string };

export interface NewHold {
  target: HoldTarget;
  caseName: string;
  reason: string;
}

/** A hold with what it names in words: the user's e-mail, or the conversation's id and title. */
export interface DescribedHold extends LegalHold {
  target: string;
}

const MAX_TEXT_CHARS = 500;

function requiredText(value: string, what: string): string {
  const text = value.trim();
  if (text.length === 0) throw new HoldError(`${what} must not be empty`);
  if (text.length > MAX_TEXT_CHARS)
    throw new HoldError(`${what} must be at most ${MAX_TEXT_CHARS} characters`);
  return text;
}

/**
 * Legal holds (docs/compliance.md, "Legal hold"): while one is active, retention removes nothing
 * of what it covers. Every change is written to the audit log (`hold.add`, `hold.release`).
 */
export class LegalHoldService {
  constructor(private readonly store: Pick<Store, 'retention' | 'users' | 'conversations' | 'audit'>) {}

  async add(hold: NewHold, at: number, actor: AuditActor): Promise<DescribedHold> {
    const caseName = requiredText(hold.caseName, 'the case');
    const reason = requiredText(hold.reason, 'the reason');
    const { kind, targetId, target } = await this.resolve(hold.target);
    const added = await this.store.retention.addHold({
      kind,
      targetId,
      caseName,
      reason,
      createdAt: at,
      createdBy: actor.actor,
    });
    await new AuditService(this.store.audit, () => at).record(actor, 'hold.add', target, {
      holdId: added.id,
      kind,
      targetId,
      case: caseName,
      reason,
    });
    return { ...added, target };
  }

  async list(options: { includeReleased?: boolean } = {}): Promise<DescribedHold[]> {
    return this.describe(await this.store.retention.holds(options));
  }

  async release(id: string, at: number, actor: AuditActor): Promise<LegalHold> {
    const existing = await this.store.retention.hold(id.trim());
    if (!existing) throw new HoldError(`no legal hold "${id}" (see "hold list --all")`);
    if (existing.releasedAt !== null) {
      throw new HoldError(
        `legal hold "${id}" was already released on ${new Date(existing.releasedAt).toISOString()} by ${existing.releasedBy ?? 'unknown'}`,
      );
    }
    const released = await this.store.retention.releaseHold(existing.id, at, actor.actor);
    if (!released) throw new HoldError(`legal hold "${id}" was released meanwhile`);
    const [described] = await this.describe([released]);
    await new AuditService(this.store.audit, () => at).record(
      actor,
      'hold.release',
      described?.target ?? released.targetId,
      {
        holdId: released.id,
        kind: released.kind,
        targetId: released.targetId,
        case: released.caseName,
      },
    );
    return released;
  }

  private async describe(holds: readonly LegalHold[]): Promise<DescribedHold[]> {
    const userIds = holds.filter((hold) => hold.kind === 'user').map((hold) => hold.targetId);
    const emails = new Map((await this.store.users.byIds(userIds)).map((user) => [user.id, user.email]));
    return holds.map((hold) => ({
      ...hold,
      target: hold.kind === 'user' ? (emails.get(hold.targetId) ?? hold.targetId) : hold.targetId,
    }));
  }

  private async resolve(
    target: HoldTarget,
  ): Promise<{ kind: LegalHold['kind']; targetId: string; target: string }> {
    if ('user' in target) {
      let email: string;
      try {
        email = normalizeEmail(target.user);
      } catch (error) {
        if (error instanceof AccountError) throw new HoldError(error.message);
        throw error;
      }
      const user = await this.store.users.byEmail(email);
      if (!user) throw new HoldError(`no user ${email}`);
      return { kind: 'user', targetId: user.id, target: user.email };
    }
    const id = target.conversation.trim();
    const conversation = id.length > 0 ? await this.store.conversations.byId(id) : null;
    if (!conversation) throw new HoldError(`no conversation "${target.conversation}"`);
    return { kind: 'conversation', targetId: conversation.id, target: conversation.id };
  }
}
