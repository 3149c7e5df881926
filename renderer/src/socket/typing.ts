import type { AppStore } from '../store';

export interface TypingDeps {
  store: AppStore;
  /** Emits a `typing` event (fire and forget, no acknowledgement). */
  emitTyping(conversationId: string, typing: boolean): void;
  isOnline(): boolean;
  isConnected(): boolean;
  timing: { typingIdleMs: number; typingResendMs: number; remoteTypingMs: number };
}

/** Our own "typing" announcements (throttled, stopped after a pause) and who else is typing. */
export class TypingTracker {
  private readonly remote = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly local = new Map<string, { sentAt: number; stopTimer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly deps: TypingDeps) {}

  /** Call on every edit of the composer. */
  typing(conversationId: string): void {
    if (!this.deps.isOnline()) return;
    const now = Date.now();
    const current = this.local.get(conversationId);
    if (current) clearTimeout(current.stopTimer);
    const stopTimer = setTimeout(() => this.stopTyping(conversationId), this.deps.timing.typingIdleMs);
    if (!current || now - current.sentAt >= this.deps.timing.typingResendMs) {
      this.deps.emitTyping(conversationId, true);
      this.local.set(conversationId, { sentAt: now, stopTimer });
    } else {
      this.local.set(conversationId, { sentAt: current.sentAt, stopTimer });
    }
  }

  stopTyping(conversationId: string): void {
    const current = this.local.get(conversationId);
    if (!current) return;
    clearTimeout(current.stopTimer);
    this.local.delete(conversationId);
    if (this.deps.isConnected()) this.deps.emitTyping(conversationId, false);
  }

  /** A `typing` event from the server. */
  onRemote(conversationId: string, userId: string, typing: boolean): void {
    if (userId === this.deps.store.getState().me?.id) return;
    if (!typing) {
      this.clearRemote(conversationId, userId);
      return;
    }
    const key = `${conversationId}\n${userId}`;
    const existing = this.remote.get(key);
    if (existing) clearTimeout(existing);
    this.remote.set(
      key,
      setTimeout(() => this.clearRemote(conversationId, userId), this.deps.timing.remoteTypingMs),
    );
    this.deps.store.getState().setTyping(conversationId, userId, true);
  }

  clearRemote(conversationId: string, userId: string): void {
    const key = `${conversationId}\n${userId}`;
    const timer = this.remote.get(key);
    if (timer) clearTimeout(timer);
    this.remote.delete(key);
    this.deps.store.getState().setTyping(conversationId, userId, false);
  }

  /** The connection broke: nobody's "typing" can be trusted any more. */
  forgetRemote(): void {
    for (const [key, timer] of this.remote) {
      clearTimeout(timer);
      const [conversationId, userId] = key.split('\n');
      if (conversationId && userId) this.deps.store.getState().setTyping(conversationId, userId, false);
    }
    this.remote.clear();
  }

  stop(): void {
    for (const timer of this.remote.values()) clearTimeout(timer);
    for (const { stopTimer } of this.local.values()) clearTimeout(stopTimer);
  }
}
