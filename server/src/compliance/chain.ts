import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * The hashed fields of a chained record: an archive entry (chain = its conversation) or an audit
 * log entry (chain `audit`, `chainSeq` = its seq, `kind` = its action).
 */
export interface ChainedContent {
  chain: string;
  chainSeq: number;
  at: number;
  kind: string;
  conversationId: string | null;
  actorId: string | null;
  messageId: string | null;
  payload: Record<string, unknown>;
}

export type Sealed<T extends ChainedContent> = T & { prevHash: string; hash: string };

/** The `prev_hash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The version of the hashed form below; a new form would get a new number, old entries keep theirs. */
export const HASH_FORM = 1;

/**
 * RFC 8785 (JSON Canonicalization Scheme): one byte sequence for one value, whatever the key
 * order or number formatting of whoever wrote it, so a verifier in any language recomputes the
 * same hash. Throws on values JSON cannot hold (undefined at the top, NaN, Infinity).
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value has no canonical JSON form');
  return text;
}

/**
 * SHA-256 (hex) over the canonical JSON of `{ form, prevHash, chain, chainSeq, at, kind,
 * conversationId, actorId, messageId, payload }`: every stored field takes part, so changing
 * any of them, or the order of entries, breaks the chain from there on.
 */
export function entryHash(prevHash: string, content: ChainedContent): string {
  return sha256Hex(
    canonicalJson({
      form: HASH_FORM,
      prevHash,
      chain: content.chain,
      chainSeq: content.chainSeq,
      at: content.at,
      kind: content.kind,
      conversationId: content.conversationId,
      actorId: content.actorId,
      messageId: content.messageId,
      payload: content.payload,
    }),
  );
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Links `content` after `prevHash`. */
export function sealEntry<T extends ChainedContent>(prevHash: string, content: T): Sealed<T> {
  return { ...content, prevHash, hash: entryHash(prevHash, content) };
}

/** Why an entry does not continue its chain, or null when it does. */
export function chainBreak(
  previous: { chainSeq: number; hash: string } | null,
  entry: Sealed<ChainedContent>,
): string | null {
  const expectedSeq = previous ? previous.chainSeq + 1 : 1;
  if (entry.chainSeq !== expectedSeq) {
    return entry.chainSeq > expectedSeq
      ? `entries ${expectedSeq}–${entry.chainSeq - 1} are missing`
      : `entry ${entry.chainSeq} is out of order`;
  }
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (entry.prevHash !== expectedPrev) return 'its link to the previous entry does not match';
  if (entryHash(entry.prevHash, entry) !== entry.hash) return 'its content does not match its hash';
  return null;
}
