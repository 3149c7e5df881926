import {
  INTEGRATION_NAME_PATTERN,
  INTEGRATION_SCOPES,
  type IntegrationScope,
  isIntegrationScope,
} from '@beacon/protocol';
import { generateToken, hashToken, isWellFormedToken } from '../auth/tokens';
import { DuplicateError, type IntegrationRecord, type Store } from '../store/types';

/** A refused integration command (bad name, unknown scope, no such integration). */
export class IntegrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationError';
  }
}

/**
 * Integration tokens: random 32-byte tokens like the session tokens (auth/tokens.ts),
 * stored only as their SHA-256. The token is returned once, by `add` and `rotate`.
 * `resolve` reads the table on every call, so a revoke or rotate by the admin CLI (another
 * process) takes effect on the running server at the next request.
 */
export class IntegrationService {
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<Store, 'integrations'>,
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async add(
    name: string,
    scopes: readonly string[],
  ): Promise<{ integration: IntegrationRecord; token: string }> {
    const checkedName = checkName(name);
    const checkedScopes = checkScopes(scopes);
    const token = generateToken();
    try {
      const integration = await this.store.integrations.create({
        name: checkedName,
        scopes: checkedScopes,
        tokenHash: hashToken(token),
        createdAt: this.now(),
      });
      return { integration, token };
    } catch (error) {
      if (error instanceof DuplicateError) throw new IntegrationError(error.message);
      throw error;
    }
  }

  list(): Promise<IntegrationRecord[]> {
    return this.store.integrations.list();
  }

  async revoke(name: string): Promise<IntegrationRecord> {
    const revoked = await this.store.integrations.revoke(name, this.now());
    if (!revoked) throw noSuchIntegration(name);
    return revoked;
  }

  /** A new token; the old one stops working at once. */
  async rotate(name: string): Promise<{ integration: IntegrationRecord; token: string }> {
    const token = generateToken();
    const integration = await this.store.integrations.rotate(name, hashToken(token), this.now());
    if (!integration) throw noSuchIntegration(name);
    return { integration, token };
  }

  /** The token's integration; null when the token is malformed, unknown, replaced or revoked. */
  async resolve(token: string): Promise<IntegrationRecord | null> {
    if (typeof token !== 'string' || !isWellFormedToken(token)) return null;
    return this.store.integrations.activeByTokenHash(hashToken(token));
  }
}

function noSuchIntegration(name: string): IntegrationError {
  return new IntegrationError(`no integration named ${name} (or it was revoked)`);
}

function checkName(name: string): string {
  if (!INTEGRATION_NAME_PATTERN.test(name)) {
    throw new IntegrationError(
      `"${name}" is not a valid integration name: 1 to 64 lower-case letters, digits, ".", "_" or "-", ` +
        'starting with a letter or digit',
    );
  }
  return name;
}

function checkScopes(scopes: readonly string[]): IntegrationScope[] {
  if (scopes.length === 0) {
    throw new IntegrationError(`give at least one scope (${INTEGRATION_SCOPES.join(', ')})`);
  }
  const unknown = scopes.filter((scope) => !isIntegrationScope(scope));
  if (unknown.length > 0) {
    throw new IntegrationError(
      `unknown scope "${unknown[0]}"; the scopes are ${INTEGRATION_SCOPES.join(', ')}`,
    );
  }
  // In the contract's order, without repeats.
  return INTEGRATION_SCOPES.filter((scope) => scopes.includes(scope));
}
