import { z } from 'zod';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** One audit log entry as the admin HTTP API returns it (store/ports/audit.ts, AuditEntry). */
export const auditEntrySchema = z.object({
  seq: z.number().int().min(1).describe('gapless from 1'),
  at: z.number().int().describe('when, in ms since the epoch (UTC)'),
  actor: z.string().describe('the admin\u2019s e-mail, or cli:<os user>@<host> for the admin CLI'),
  source: z.enum(['cli', 'http']),
  address: z.string().nullable().describe('the client\u2019s IP address (http); null for the CLI'),
  action: z.string().describe('a dotted verb: user.add, integration.revoke, retention.set, \u2026'),
  target: z.string().nullable().describe('what it acted on: an e-mail, a name, an id'),
  details: z.record(z.string(), z.unknown()).describe('options, counts, results; never a credential'),
  prevHash: z.string().regex(SHA256_HEX).describe('the previous entry\u2019s hash (64 zeros for the first)'),
  hash: z.string().regex(SHA256_HEX).describe('SHA-256 over the canonical JSON of the entry and prevHash'),
});

export const adminAuditResponseSchema = z.object({
  entries: z.array(auditEntrySchema).describe('oldest first; the newest `limit` of the range'),
});

export type AdminAuditResponse = z.infer<typeof adminAuditResponseSchema>;
