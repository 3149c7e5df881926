/** Which node hosts which session (keys as the engine has them), to drop a dead node's sessions. */
export class SessionDirectory {
  private readonly byNode = new Map<string, Map<string, string>>();

  add(node: string, sessionKey: string, userId: string): void {
    let sessions = this.byNode.get(node);
    if (!sessions) {
      sessions = new Map();
      this.byNode.set(node, sessions);
    }
    sessions.set(sessionKey, userId);
  }

  remove(node: string, sessionKey: string): void {
    const sessions = this.byNode.get(node);
    sessions?.delete(sessionKey);
    if (sessions?.size === 0) this.byNode.delete(node);
  }

  of(node: string): { userId: string; sessionId: string }[] {
    return [...(this.byNode.get(node) ?? [])].map(([sessionId, userId]) => ({ userId, sessionId }));
  }

  /** Forgets the node; returns its sessions. */
  drop(node: string): { userId: string; sessionId: string }[] {
    const sessions = this.of(node);
    this.byNode.delete(node);
    return sessions;
  }

  nodes(): string[] {
    return [...this.byNode.keys()];
  }
}
