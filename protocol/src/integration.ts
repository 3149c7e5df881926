import { z } from 'zod';
import { messageSchema, presenceSchema, timestampSchema, userWithPresenceSchema } from './entities';
import { messageSendSchema } from './events';
import { LIMITS } from './limits';

/**
 * The integration API (`/api/v1/*`, docs/PROTOCOL.md "Integration API", docs/integrations.md):
 * phone systems, calendars, alerting and bots, authenticated with integration tokens.
 */

/** What an integration token may do. A user's session token has `presence:read` only. */
export const INTEGRATION_SCOPES = [
  'presence:read',
  'presence:write',
  'messages:write',
  'events:read',
] as const;
export const integrationScopeSchema = z.enum(INTEGRATION_SCOPES);
export type IntegrationScope = z.infer<typeof integrationScopeSchema>;

export function isIntegrationScope(value: string): value is IntegrationScope {
  return (INTEGRATION_SCOPES as readonly string[]).includes(value);
}

export const INTEGRATION_LIMITS = {
  /** An integration's name: also the `source` of its claims. */
  nameMaxChars: 64,
  /** A claim id, unique per integration ("call-42"). */
  claimIdMaxChars: 128,
  /** A claim without `until`/`ttlSeconds` lasts this long, and none may last longer. */
  claimMaxMs: 24 * 60 * 60 * 1000,
  /** E-mail addresses per `GET /api/v1/presence`. */
  presenceReadMaxEmails: LIMITS.subscribeMaxUserIds,
} as const;

/** Lower-case letters, digits and `.`, `_`, `-`, starting with a letter or digit. */
export const INTEGRATION_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Letters, digits and `.`, `_`, `-`, `:`. */
export const CLAIM_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const INTEGRATION_API_PATHS = {
  presence: '/api/v1/presence',
  claim: '/api/v1/presence/:email/claims/:claimId',
} as const;

/** A claim can make a user look busier, never offline. */
export const CLAIM_STATUSES = ['available', 'away', 'busy', 'dnd'] as const;
export const claimStatusSchema = z.enum(CLAIM_STATUSES, {
  error: (issue) =>
    issue.input === 'offline'
      ? 'a claim cannot make a user offline'
      : `expected one of ${CLAIM_STATUSES.join(', ')}`,
});

/** `PUT /api/v1/presence/{email}/claims/{claimId}`. At most one of `until` and `ttlSeconds`. */
export const claimPutRequestSchema = z
  .object({
    status: claimStatusSchema,
    activity: z.string().trim().max(LIMITS.activityMaxChars).nullable().optional(),
    /** When the claim ends (ms since the epoch): in the future, at most 24 h ahead. */
    until: timestampSchema.optional(),
    /** Or: how long it lasts from now, at most 24 h. */
    ttlSeconds: z
      .number()
      .int()
      .positive()
      .max(INTEGRATION_LIMITS.claimMaxMs / 1000)
      .optional(),
  })
  .strict()
  .refine((body) => body.until === undefined || body.ttlSeconds === undefined, {
    message: 'give until or ttlSeconds, not both',
    path: ['ttlSeconds'],
  });
export type ClaimPutRequest = z.infer<typeof claimPutRequestSchema>;

export const integrationClaimSchema = z.object({
  id: z.string().min(1).max(INTEGRATION_LIMITS.claimIdMaxChars),
  /** The integration's name. */
  source: z.string().min(1).max(INTEGRATION_LIMITS.nameMaxChars),
  status: claimStatusSchema,
  activity: z.string().max(LIMITS.activityMaxChars).nullable(),
  until: timestampSchema,
});
export type IntegrationClaim = z.infer<typeof integrationClaimSchema>;

/** `200` of the PUT: the claim as stored and the presence others now see. */
export const claimPutResponseSchema = z.object({ claim: integrationClaimSchema, presence: presenceSchema });
export type ClaimPutResponse = z.infer<typeof claimPutResponseSchema>;

/** `GET /api/v1/presence?emails=a,b`, as the v1 read API. */
export const presenceReadResponseSchema = z.object({
  users: z.array(userWithPresenceSchema),
  unknown: z.array(z.string()),
});
export type PresenceReadResponse = z.infer<typeof presenceReadResponseSchema>;

/** `POST /api/v1/messages`: a bot (a `messages:write` token acting as it) sends a message. */
export const BOT_MESSAGES_PATH = '/api/v1/messages';

/**
 * `to` is a person's e-mail (the direct conversation with them is opened) or the id of a
 * conversation the bot is a member of; `clientId` and `body` as in `message:send`.
 */
export const botMessageRequestSchema = z
  .object({
    to: z.string().trim().min(1).max(254),
    clientId: messageSendSchema.shape.clientId,
    body: messageSendSchema.shape.body,
  })
  .strict();
export type BotMessageRequest = z.infer<typeof botMessageRequestSchema>;

/** `201` (sent) or `200` (a repeat of the `clientId`: the stored message). */
export const botMessageResponseSchema = z.object({ message: messageSchema });
export type BotMessageResponse = z.infer<typeof botMessageResponseSchema>;
