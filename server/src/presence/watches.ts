import { LIMITS, ProtocolError } from '@beacon/protocol';

/**
 * Pending one-shot `presence:watch` alerts, keyed by the watching *user* (not the socket), so a
 * watch survives the watcher's reconnects and fires once however many sessions they have.
 * In memory only: a server restart forgets them (docs/presence.md).
 */
export class PresenceWatches {
  private readonly byWatcher = new Map<string, Set<string>>();
  private readonly byTarget = new Map<string, Set<string>>();

  /** Idempotent; refuses more than `LIMITS.watchMaxPerUser` pending watches per watcher. */
  add(watcherId: string, targetId: string): void {
    const targets = this.byWatcher.get(watcherId) ?? new Set<string>();
    if (targets.has(targetId)) return;
    if (targets.size >= LIMITS.watchMaxPerUser) {
      throw new ProtocolError(
        'rate_limited',
        `userId: at most ${LIMITS.watchMaxPerUser} watches may be pending; unwatch one first`,
      );
    }
    targets.add(targetId);
    this.byWatcher.set(watcherId, targets);
    const watchers = this.byTarget.get(targetId) ?? new Set<string>();
    watchers.add(watcherId);
    this.byTarget.set(targetId, watchers);
  }

  /** Idempotent. */
  remove(watcherId: string, targetId: string): void {
    const targets = this.byWatcher.get(watcherId);
    targets?.delete(targetId);
    if (targets?.size === 0) this.byWatcher.delete(watcherId);
    const watchers = this.byTarget.get(targetId);
    watchers?.delete(watcherId);
    if (watchers?.size === 0) this.byTarget.delete(targetId);
  }

  /** Ends the watches of `targetId` whose watcher `canDeliver` accepts, and returns those watchers. */
  takeWatchersOf(targetId: string, canDeliver: (watcherId: string) => boolean = () => true): string[] {
    const watchers = [...(this.byTarget.get(targetId) ?? [])].filter(canDeliver);
    for (const watcherId of watchers) this.remove(watcherId, targetId);
    return watchers;
  }

  targetsOf(watcherId: string): string[] {
    return [...(this.byWatcher.get(watcherId) ?? [])];
  }

  pendingOf(watcherId: string): number {
    return this.byWatcher.get(watcherId)?.size ?? 0;
  }
}
