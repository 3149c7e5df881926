import type { ArchiveEntry } from '../entries';
import type { ManifestHeads } from '../manifest';

/** Where an exported chain starts and ends, and how it links to what the server signed. */
export interface ExportedChain {
  conversationId: string;
  /** The conversation's name as of its last exported entry. */
  title: string;
  entries: number;
  first: { chainSeq: number; prevHash: string; hash: string };
  last: { chainSeq: number; hash: string };
  /** This chain's head in the newest signed manifest, or null when that manifest has none. */
  signedHead: { chainSeq: number; hash: string } | null;
}

/** Counts the entries as they pass, one small record per chain: nothing else is kept. */
export class ExportTally {
  entries = 0;
  messages = 0;
  readonly byKind = new Map<string, number>();
  readonly chains: ExportedChain[] = [];
  private readonly signed: Map<string, { chainSeq: number; hash: string }>;

  constructor(signedHeads: ManifestHeads | null) {
    this.signed = new Map(
      (signedHeads?.chains ?? []).map((head) => [head.chain, { chainSeq: head.chainSeq, hash: head.hash }]),
    );
  }

  add(entry: ArchiveEntry, title: string): void {
    this.entries += 1;
    if (entry.kind === 'message.sent') this.messages += 1;
    this.byKind.set(entry.kind, (this.byKind.get(entry.kind) ?? 0) + 1);
    const chain = this.chains.at(-1);
    if (chain?.conversationId === entry.chain) {
      chain.entries += 1;
      chain.last = { chainSeq: entry.chainSeq, hash: entry.hash };
      chain.title = title;
      return;
    }
    this.chains.push({
      conversationId: entry.chain,
      title,
      entries: 1,
      first: { chainSeq: entry.chainSeq, prevHash: entry.prevHash, hash: entry.hash },
      last: { chainSeq: entry.chainSeq, hash: entry.hash },
      signedHead: this.signed.get(entry.chain) ?? null,
    });
  }

  kinds(): Record<string, number> {
    return Object.fromEntries([...this.byKind].sort(([a], [b]) => a.localeCompare(b)));
  }
}
