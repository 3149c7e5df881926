/** Retention policies and legal holds (docs/compliance.md, "Retention and legal hold"). */

/** `all`: the organisation's default; `direct` / `group`: an override for that kind of conversation. */
export type RetentionScope = 'all' | 'direct' | 'group';

export interface RetentionPolicy {
  scope: RetentionScope;
  /** How long messages stay visible to users (ms); null: forever. */
  messagesMs: number | null;
  /** How long the archive keeps entries (ms); null: forever. */
  archiveMs: number | null;
  updatedAt: number;
  updatedBy: string;
}

export type HoldKind = 'user' | 'conversation';

export interface LegalHold {
  id: string;
  kind: HoldKind;
  /** A user id or a conversation id. */
  targetId: string;
  caseName: string;
  reason: string;
  createdAt: number;
  createdBy: string;
  releasedAt: number | null;
  releasedBy: string | null;
}

export type NewLegalHold = Omit<LegalHold, 'id' | 'releasedAt' | 'releasedBy'>;

/** A conversation as retention sees it: which policy applies depends on its kind. */
export interface RetainedConversation {
  id: string;
  kind: 'direct' | 'group';
}

/** What an archive purge of one chain would remove: its entries up to `throughSeq`. */
export interface ArchivePrefix {
  chain: string;
  throughSeq: number;
  /** How many entries that is (a chain purged before no longer starts at 1). */
  entries: number;
}

export interface MessagePurgeResult {
  /** Messages removed (user and system messages). */
  messages: number;
  /** False when the conversation came under a hold before the purge reached it: nothing was removed then. */
  purged: boolean;
}

export interface RetentionRepository {
  /** Every policy set, `all` first. */
  policies(): Promise<RetentionPolicy[]>;
  policy(scope: RetentionScope): Promise<RetentionPolicy | null>;
  /** Creates or replaces the scope's policy. */
  setPolicy(policy: RetentionPolicy): Promise<RetentionPolicy>;

  addHold(hold: NewLegalHold): Promise<LegalHold>;
  hold(id: string): Promise<LegalHold | null>;
  /** Active holds (default), or every hold with `includeReleased`; oldest first. */
  holds(options?: { includeReleased?: boolean }): Promise<LegalHold[]>;
  /** Releases an active hold; returns it released, or null when there is no active hold of that id. */
  releaseHold(id: string, at: number, by: string): Promise<LegalHold | null>;
  /**
   * The conversations under an active hold: those held themselves, and every conversation a
   * held user is or ever was a member of.
   */
  heldConversationIds(): Promise<Set<string>>;
  /** Whether the conversation is under an active hold (itself, or one of its members or former members). */
  isHeld(conversationId: string): Promise<boolean>;

  /** Every conversation with its kind. */
  conversations(): Promise<RetainedConversation[]>;
  /** Per conversation of these (those with any): how many of its messages were sent before `cutoff`. */
  countMessagesBefore(conversationIds: readonly string[], cutoff: number): Promise<Map<string, number>>;
  /**
   * Deletes what users see of the conversation's messages sent before `cutoff` (the rows, their
   * versions, reactions, attachment links and search entries), in batches of `batchSize`, each
   * its own transaction that first checks the conversation is not held. Never touches the
   * archive; files' blobs and records stay; `last_seq` stays (seqs are never reused).
   */
  purgeMessages(conversationId: string, cutoff: number, batchSize?: number): Promise<MessagePurgeResult>;
  /**
   * Per chain of these conversations: the longest prefix whose entries were all written before
   * `cutoff`, when it holds more than earlier purge entries (those alone are left in place).
   */
  archivePrefixes(chains: readonly string[], cutoff: number): Promise<ArchivePrefix[]>;
}
