import type { IntegrationScope } from '@beacon/protocol';

/** Integrations and their tokens. */
/** An integration (phone system, calendar, bot) and its token, kept only as SHA-256. */
export interface IntegrationRecord {
  id: string;
  /** Unique among the integrations not revoked; the `source` of its presence claims. */
  name: string;
  scopes: IntegrationScope[];
  tokenHash: string;
  createdAt: number;
  /** When the token was last replaced, or null. */
  rotatedAt: number | null;
  /** When it was revoked (its token no longer works), or null. */
  revokedAt: number | null;
}

export interface NewIntegration {
  name: string;
  scopes: IntegrationScope[];
  tokenHash: string;
  createdAt: number;
}

export interface IntegrationRepository {
  /** Rejects with `DuplicateError` when an integration of that name exists and is not revoked. */
  create(integration: NewIntegration): Promise<IntegrationRecord>;
  /** The integration of that name that is not revoked, or null. */
  activeByName(name: string): Promise<IntegrationRecord | null>;
  /** The integration whose token has this hash and is not revoked, or null. */
  activeByTokenHash(tokenHash: string): Promise<IntegrationRecord | null>;
  /** Every integration, revoked ones included, oldest first. */
  list(): Promise<IntegrationRecord[]>;
  /** Revokes the active integration of that name; returns it, or null when there is none. */
  revoke(name: string, at: number): Promise<IntegrationRecord | null>;
  /** Replaces the token of the active integration of that name; returns it, or null when there is none. */
  rotate(name: string, tokenHash: string, at: number): Promise<IntegrationRecord | null>;
}
