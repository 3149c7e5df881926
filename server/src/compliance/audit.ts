import type { AuditActor, AuditEntry, AuditQuery, AuditRepository } from '../store/ports/audit';
import { INSTANT_FORMATS, parseInstant } from './time-bounds';

/** How many entries a listing holds unless asked (the store's default), and at most. */
export const AUDIT_LIST_DEFAULT_LIMIT = 100;
export const AUDIT_LIST_MAX_LIMIT = 1_000;

/** What an administrative action adds to its entry: options, counts, results (docs/compliance.md, "Audit log"). */
export type AuditDetails = Record<string, unknown>;

/** Records one action of an already known actor; what the admin commands get handed. */
export type RecordAudit = (action: string, target: string | null, details?: AuditDetails) => Promise<unknown>;

/** A key that names a credential, at any depth: its value must never reach the audit log. */
const CREDENTIAL_KEY = /(password|token|secret)(hash)?$/i;

/** Refused before anything is written: details that would keep a credential for years. */
export class AuditDetailsError extends Error {}

/**
 * The one place audit entries are built: the clock stamps them, the store chains them
 * (compliance/audit-chain.ts). Callers record after the action succeeded, so a failed
 * command leaves no entry.
 */
export class AuditService {
  constructor(
    private readonly audit: Pick<AuditRepository, 'append'>,
    private readonly now: () => number = Date.now,
  ) {}

  async record(
    actor: AuditActor,
    action: string,
    target: string | null,
    details: AuditDetails = {},
  ): Promise<AuditEntry> {
    const credential = credentialPath(details);
    if (credential !== null) {
      throw new AuditDetailsError(`audit details must not hold a credential (${credential})`);
    }
    return this.audit.append({
      at: this.now(),
      actor: actor.actor,
      source: actor.source,
      address: actor.address,
      action,
      target,
      details,
    });
  }

  /** `record` bound to one actor. */
  recorderFor(actor: AuditActor): RecordAudit {
    return (action, target, details) => this.record(actor, action, target, details);
  }
}

/** The dotted path of the first key that names a credential, or null. */
function credentialPath(value: unknown, path = ''): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = credentialPath(item, `${path}[${index}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (CREDENTIAL_KEY.test(key)) return here;
    const found = credentialPath(item, here);
    if (found !== null) return found;
  }
  return null;
}

export type ParsedAuditQuery = { ok: true; query: AuditQuery } | { ok: false; message: string };

/**
 * `since`, `until` (compliance/time-bounds.ts) and `limit` as the CLI (`prefix` `--`) and the
 * admin HTTP API (query parameters, no prefix) take them.
 */
export function parseAuditQuery(
  raw: { since?: string | undefined; until?: string | undefined; limit?: string | undefined },
  prefix = '--',
): ParsedAuditQuery {
  const query: AuditQuery = {};
  for (const edge of ['since', 'until'] as const) {
    const text = raw[edge];
    if (text === undefined) continue;
    const at = parseInstant(text, edge === 'since' ? 'start' : 'end');
    if (at === null) return { ok: false, message: `${prefix}${edge}: "${text}" is not ${INSTANT_FORMATS}` };
    query[edge] = at;
  }
  if (query.since !== undefined && query.until !== undefined && query.until <= query.since) {
    return { ok: false, message: `${prefix}until (${raw.until}) is not after ${prefix}since (${raw.since})` };
  }
  if (raw.limit !== undefined) {
    const limit = /^\d+$/.test(raw.limit) ? Number(raw.limit) : Number.NaN;
    if (!(limit >= 1 && limit <= AUDIT_LIST_MAX_LIMIT)) {
      return { ok: false, message: `${prefix}limit: a whole number from 1 to ${AUDIT_LIST_MAX_LIMIT}` };
    }
    query.limit = limit;
  }
  return { ok: true, query };
}
