import type { NewAuditEntry } from '../store/ports/audit';
import type { ChainedContent } from './chain';

/** The audit log is one chain of its own, hashed like the archive's (compliance/chain.ts). */
export const AUDIT_CHAIN = 'audit';

/** An audit entry's hashed content at position `seq`. */
export function auditContent(entry: NewAuditEntry, seq: number): ChainedContent {
  return {
    chain: AUDIT_CHAIN,
    chainSeq: seq,
    at: entry.at,
    kind: entry.action,
    conversationId: null,
    actorId: null,
    messageId: null,
    payload: {
      actor: entry.actor,
      source: entry.source,
      address: entry.address,
      target: entry.target,
      details: entry.details,
    },
  };
}
