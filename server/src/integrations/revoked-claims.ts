import type { Logger } from '../logger';
import type { PresenceInputs, PresenceReads } from '../presence/service';
import type { IntegrationRepository } from '../store/types';

/**
 * Ends the claims of integrations that are no longer active (revoked from the admin CLI,
 * possibly while the server was down), instead of leaving them until they expire.
 * A claim's source is its integration's name.
 */
export async function clearRevokedClaims(
  integrations: Pick<IntegrationRepository, 'list'>,
  presence: Pick<PresenceInputs, 'clearClaimsExcept'> & Pick<PresenceReads, 'claimSources'>,
  logger: Logger,
): Promise<void> {
  const active = new Set((await integrations.list()).filter((i) => i.revokedAt === null).map((i) => i.name));
  // Looked up first: in a cluster every call is an entry in the presence log, on every node.
  if ([...presence.claimSources()].every((source) => active.has(source))) return;
  const ended = await presence.clearClaimsExcept(active);
  if (ended > 0) logger.info({ claims: ended }, 'ended the claims of revoked integrations');
}
