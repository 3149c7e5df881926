import type { Store } from '../store/types';
import { auditContent } from './audit-chain';
import { chainBreak, entryHash, GENESIS_HASH } from './chain';
import type { ArchiveEntry } from './entries';
import { parseManifestHeads } from './manifest';
import type { PublicKeys } from './signing-key';

/** What verification reads: the archive's chains and manifests, and the audit log. */
export type ArchiveStore = Pick<Store, 'archive' | 'audit'>;

/** One thing that does not add up, with where to look. */
export interface VerifyProblem {
  /** `chain <conversation id>`, `audit log`, `manifest #<id>` or `messages`. */
  where: string;
  /** The entry (chain position, audit seq) it concerns, when there is one. */
  position: number | null;
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  chains: number;
  entries: number;
  auditEntries: number;
  manifests: number;
  /** In the order found; at most `MAX_PROBLEMS`. */
  problems: VerifyProblem[];
  /** Problems found past `MAX_PROBLEMS` (not listed). */
  more: number;
}

export interface VerifyRange {
  /** Only entries written at or after (ms), each still checked against the entry before it. */
  from?: number;
  /** Only entries written before (ms). */
  until?: number;
}

export const MAX_PROBLEMS = 100;

/**
 * Recomputes every hash of the archive's chains and of the audit log, checks each link, checks
 * that every signed manifest's heads are still there with the same hashes (or were purged, as a
 * purge entry says), and that every user message has its `message.sent` entry. Streams the
 * archive: memory does not grow with its size.
 */
export async function verifyArchive(
  store: ArchiveStore,
  keys: PublicKeys,
  range: VerifyRange = {},
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  let more = 0;
  const report = (problem: VerifyProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    else more += 1;
  };
  let chains = 0;
  let entries = 0;
  let chain: string | null = null;
  let previous: { chainSeq: number; hash: string } | null = null;
  for await (const entry of store.archive.entries(range)) {
    if (entry.chain !== chain) {
      chain = entry.chain;
      chains += 1;
      previous = await predecessor(store, entry);
    }
    entries += 1;
    const broken = chainBreak(previous, entry);
    if (broken) report({ where: `chain ${entry.chain}`, position: entry.chainSeq, reason: broken });
    // Go on from this entry as stored, so one break is reported once, not at every later entry.
    previous = { chainSeq: entry.chainSeq, hash: entry.hash };
  }

  let auditEntries = 0;
  if (range.from === undefined && range.until === undefined) {
    let auditPrevious: { chainSeq: number; hash: string } | null = null;
    for await (const entry of store.audit.entries()) {
      auditEntries += 1;
      const content = auditContent(entry, entry.seq);
      const broken = chainBreak(auditPrevious, { ...content, prevHash: entry.prevHash, hash: entry.hash });
      if (broken) report({ where: 'audit log', position: entry.seq, reason: broken });
      auditPrevious = { chainSeq: entry.seq, hash: entry.hash };
    }
  }

  const manifests = await store.archive.manifests();
  for (const manifest of manifests) {
    const where = `manifest #${manifest.id}`;
    if (!keys.verify(manifest.keyId, manifest.heads, manifest.signature)) {
      report({
        where,
        position: null,
        reason: keys.has(manifest.keyId)
          ? 'its signature does not match what it lists'
          : `it is signed by a key this server does not have (${manifest.keyId.slice(0, 16)}…)`,
      });
      continue;
    }
    const heads = parseManifestHeads(manifest);
    if (!heads) {
      report({ where, position: null, reason: 'it cannot be read' });
      continue;
    }
    for (const head of heads.chains) {
      const problem = await headProblem(store, head.chain, head.chainSeq, head.hash);
      if (problem) report({ where, position: head.chainSeq, reason: `chain ${head.chain}: ${problem}` });
    }
    if (heads.audit) {
      const stored = await auditEntryAt(store, heads.audit.seq);
      if (stored === null)
        report({ where, position: heads.audit.seq, reason: 'the audit log entry it lists is missing' });
      else if (stored !== heads.audit.hash)
        report({ where, position: heads.audit.seq, reason: 'the audit log entry it lists has changed' });
    }
  }

  if (range.from === undefined && range.until === undefined) {
    for (const missing of await store.archive.unarchivedMessages(MAX_PROBLEMS)) {
      report({
        where: `chain ${missing.conversationId}`,
        position: null,
        reason: `message ${missing.messageId} (seq ${missing.seq}) has no archive entry`,
      });
    }
  }
  return {
    ok: problems.length === 0,
    chains,
    entries,
    auditEntries,
    manifests: manifests.length,
    problems,
    more,
  };
}

/** What the first entry of a chain (or of the range) must link to. */
async function predecessor(
  store: ArchiveStore,
  entry: ArchiveEntry,
): Promise<{ chainSeq: number; hash: string } | null> {
  if (entry.chainSeq === 1) return null;
  const before = await store.archive.entryAt(entry.chain, entry.chainSeq - 1);
  if (before) {
    // Outside the range, but it must still be intact for the link to mean anything.
    return entryHash(before.prevHash, before) === before.hash
      ? { chainSeq: before.chainSeq, hash: before.hash }
      : null;
  }
  const purge = await store.archive.latestPurge(entry.chain);
  const purgedThrough = typeof purge?.payload.purgedThrough === 'number' ? purge.payload.purgedThrough : null;
  const hashAt =
    typeof purge?.payload.hashAtPurgedThrough === 'string' ? purge.payload.hashAtPurgedThrough : null;
  if (purgedThrough === entry.chainSeq - 1 && hashAt) return { chainSeq: purgedThrough, hash: hashAt };
  // Nothing before it and no purge that explains the gap: chainBreak reports entries missing.
  return { chainSeq: 0, hash: GENESIS_HASH };
}

/** Why a manifest's head no longer holds, or null. */
async function headProblem(
  store: ArchiveStore,
  chain: string,
  chainSeq: number,
  hash: string,
): Promise<string | null> {
  const stored = await store.archive.entryAt(chain, chainSeq);
  if (stored) return stored.hash === hash ? null : `entry ${chainSeq} has changed since it was signed`;
  const purge = await store.archive.latestPurge(chain);
  const purgedThrough = typeof purge?.payload.purgedThrough === 'number' ? purge.payload.purgedThrough : 0;
  if (chainSeq > purgedThrough)
    return `entry ${chainSeq} is missing (it was signed, and no purge removed it)`;
  if (chainSeq === purgedThrough && purge?.payload.hashAtPurgedThrough !== hash)
    return `entry ${chainSeq} was purged, but the purge records another hash for it`;
  return null;
}

async function auditEntryAt(store: ArchiveStore, seq: number): Promise<string | null> {
  return (await store.audit.entryAt(seq))?.hash ?? null;
}
