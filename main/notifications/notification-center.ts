import type { NotificationContent } from '../../common/notifications/notification-policy';

export interface NotificationHandle {
  close(): void;
}

/** Native notifications (Electron's Notification in the app). */
export interface NotificationPort {
  isSupported(): boolean;
  /** `tag` identifies the conversation (one notification each). */
  show(
    tag: string,
    content: NotificationContent,
    events: { onClick(): void; onClose(): void },
  ): NotificationHandle;
}

/**
 * At most one notification per conversation: a newer message replaces the older one. Keeps
 * the handles alive (a garbage-collected notification loses its click handler).
 */
export class NotificationCenter {
  private readonly open = new Map<string, NotificationHandle>();

  constructor(
    private readonly port: NotificationPort,
    private readonly onActivate: (conversationId: string) => void,
  ) {}

  show(conversationId: string, content: NotificationContent): boolean {
    if (!this.port.isSupported()) return false;
    this.dismiss(conversationId);
    const handle = this.port.show(conversationId, content, {
      onClick: () => {
        this.forget(conversationId, handle);
        this.onActivate(conversationId);
      },
      onClose: () => this.forget(conversationId, handle),
    });
    this.open.set(conversationId, handle);
    return true;
  }

  dismiss(conversationId: string): void {
    const handle = this.open.get(conversationId);
    if (!handle) return;
    this.open.delete(conversationId);
    handle.close();
  }

  dismissAll(): void {
    for (const id of [...this.open.keys()]) this.dismiss(id);
  }

  /** Conversations with a notification on screen. */
  get conversations(): string[] {
    return [...this.open.keys()];
  }

  private forget(conversationId: string, handle: NotificationHandle): void {
    if (this.open.get(conversationId) === handle) this.open.delete(conversationId);
  }
}
