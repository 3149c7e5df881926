import type { z } from 'zod';
import type { AckError } from './errors';
import { ackError } from './errors';

export type ParseResult<T> = { ok: true; data: T } | AckError;

/**
 * Validates an untrusted payload. Failures answer `invalid` with a message naming the
 * bad field, except an over-long message `body`, which the contract answers `too_large`.
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  if (!issue) return ackError('invalid', 'invalid payload');
  const field = issue.path.length > 0 ? issue.path.join('.') : 'payload';
  if (issue.code === 'too_big' && field === 'body') {
    return ackError('too_large', `body: longer than ${String(issue.maximum)} characters`);
  }
  return ackError('invalid', `${field}: ${issue.message}`);
}
