import { serverEventSchemas as contractSchemas, type ServerEventName } from '@beacon/protocol';
import { z } from 'zod';

/**
 * The server→client event schemas the client parses with: the contract's own (protocol/), with
 * one tolerance — an unknown `session:ended` reason from a newer server still ends the session
 * (treated as revoked) instead of being dropped.
 */
export const serverEventSchemas = {
  ...contractSchemas,
  'session:ended': z.object({ reason: z.string() }),
} as const satisfies Record<ServerEventName, z.ZodType>;

export type { ServerEventName };
export type ServerEvent<K extends ServerEventName> = z.infer<(typeof serverEventSchemas)[K]>;
