import { LIMITS, ProtocolError } from '@beacon/protocol';

/**
 * An end time of a presence layer must lie in the future, and at most
 * `LIMITS.presenceUntilMaxAheadMs` ahead; else `invalid`, naming the field.
 */
export function requireFutureUntil(field: string, until: number, now: number): void {
  if (until <= now) throw new ProtocolError('invalid', `${field}: must be in the future`);
  if (until - now > LIMITS.presenceUntilMaxAheadMs) {
    const days = Math.round(LIMITS.presenceUntilMaxAheadMs / 86_400_000);
    throw new ProtocolError('invalid', `${field}: may lie at most ${days} days ahead`);
  }
}
