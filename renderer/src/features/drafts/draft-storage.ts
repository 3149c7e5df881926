/** Where unsent composer text is kept, per conversation. */
export interface DraftStorage {
  load(conversationId: string): Promise<string | null>;
  /** An empty text removes the draft. */
  save(conversationId: string, text: string): Promise<void>;
}

export class InMemoryDraftStorage implements DraftStorage {
  private readonly drafts = new Map<string, string>();

  async load(conversationId: string): Promise<string | null> {
    return this.drafts.get(conversationId) ?? null;
  }

  async save(conversationId: string, text: string): Promise<void> {
    if (text) this.drafts.set(conversationId, text);
    else this.drafts.delete(conversationId);
  }
}
