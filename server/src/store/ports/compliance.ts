import type { ArchiveEntry, ArchiveKind } from '../../compliance/entries';

/** Compliance records (docs/compliance.md): the archive's chains and their signed manifests. */

export interface ArchiveQuery {
  /** One conversation's chain. */
  chain?: string;
  /** Only these conversations' chains. */
  conversationIds?: readonly string[];
  /** Entries written at or after this instant (ms). */
  from?: number;
  /** Entries written before this instant (ms). */
  until?: number;
}

export interface ChainHead {
  chain: string;
  chainSeq: number;
  hash: string;
  at: number;
}

export interface NewManifest {
  createdAt: number;
  /** The heads are those of the entries written before this instant. */
  coversUntil: number;
  /** Canonical JSON of `{ coversUntil, chains: ChainHead[], audit }`: what was signed. */
  heads: string;
  /** The SHA-256 (hex) of the public key (SPKI DER) that signs. */
  keyId: string;
  /** Ed25519 signature of `heads`, base64. */
  signature: string;
}

export interface ManifestRecord extends NewManifest {
  id: number;
}

export interface ArchiveRepository {
  /** Entries by chain, then position; streamed (never the whole archive in memory). */
  entries(query?: ArchiveQuery): AsyncIterable<ArchiveEntry>;
  /** The newest entry of every chain written before `until` (default: now and ever). */
  heads(until?: number): Promise<ChainHead[]>;
  /** The newest `purge` entry of a chain: where what remains of it starts. */
  latestPurge(chain: string): Promise<ArchiveEntry | null>;
  entryAt(chain: string, chainSeq: number): Promise<ArchiveEntry | null>;
  /** The oldest entry the chain still has. */
  first(chain: string): Promise<ArchiveEntry | null>;
  /**
   * Retention: removes entries 1..`throughSeq` of the chain and appends its `purge` entry
   * (which keeps the hash of entry `throughSeq`, so what remains still verifies), atomically.
   */
  purgePrefix(chain: string, throughSeq: number, cutoff: number, at: number): Promise<ArchiveEntry>;
  /**
   * User messages that have no `message.sent` entry (at most `limit`): an archive entry deleted
   * from the end of a chain leaves its message behind. Messages removed by retention are not
   * messages any more, so they are not listed; nor are those sent before the cutoff of a purge of
   * their chain (the archive may keep less than users see).
   */
  unarchivedMessages(
    limit: number,
  ): Promise<Array<{ messageId: string; conversationId: string; seq: number }>>;
  saveManifest(manifest: NewManifest): Promise<ManifestRecord>;
  /** Oldest first. */
  manifests(): Promise<ManifestRecord[]>;
  // Export (eDiscovery)
  /** The newest entry of one of `kinds` before position `beforeChainSeq` (a conversation's title). */
  latestOfKinds(
    chain: string,
    kinds: readonly ArchiveKind[],
    beforeChainSeq: number,
  ): Promise<ArchiveEntry | null>;
  /** The `message.sent` entry of a message (who received it), or null (never archived, or purged). */
  sentEntryOf(messageId: string): Promise<ArchiveEntry | null>;
  /** The conversations the user is or was a member of (member periods), by id. */
  conversationIdsOfMember(userId: string): Promise<string[]>;
}
