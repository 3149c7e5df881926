import { z } from 'zod';
import { userSchema, userWithPresenceSchema } from './entities';
import { type ErrorBody, errorBodySchema } from './errors';

export const loginRequestSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  token: z.string(),
  user: userSchema,
  /** Extension: when the token stops being accepted. */
  expiresAt: z.number().int().optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export interface HttpErrorResponse {
  error: ErrorBody;
}

export const HTTP_PATHS = {
  login: '/api/auth/login',
  /** Extension: revokes the bearer token. */
  logout: '/api/auth/logout',
  health: '/api/health',
} as const;

/** Every HTTP failure: `{ error: { code, message } }`. */
export const httpErrorResponseSchema = z.object({ error: errorBodySchema });

/** `ok`: 200. `degraded` (the store or Redis does not answer) and `draining` (shutting down): 503. */
export const HEALTH_STATUSES = ['ok', 'degraded', 'draining'] as const;

/** One dependency's answer to the health check: its round trip, or why it failed. */
export const dependencyHealthSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
});
export type DependencyHealth = z.infer<typeof dependencyHealthSchema>;

/** `GET /api/health`, public. v1's `status`, `serverTime`, `uptimeMs`, and what this node depends on. */
export const healthResponseSchema = z.object({
  status: z.enum(HEALTH_STATUSES),
  serverTime: z.number().int(),
  uptimeMs: z.number().int().nonnegative(),
  /** Which node of a cluster answered. */
  node: z.string(),
  store: dependencyHealthSchema,
  /** Only on a node that uses Redis (cluster mode). */
  redis: dependencyHealthSchema.optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** `GET /api/users/{email}/presence` (docs/presence-api.md): one user as the caller sees them. */
export const userPresenceResponseSchema = z.object({ user: userWithPresenceSchema });
export type UserPresenceResponse = z.infer<typeof userPresenceResponseSchema>;
