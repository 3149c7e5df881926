import type { z } from 'zod';
import type { AckError } from './errors';
import { ackError } from './errors';

export type ParseResult<T> = { ok: true; data: T } | AckError;

/**
 * Validates an untrusted payload. Failures answer `invalid` with a message naming the
 * bad field, except an over-long message `body`, which the contract answers `too_large`.
 * No text may contain U+0000 (docs/protocol-notes.md, "PostgreSQL store (P13)").
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): ParseResult<z.infer<S>> {
  const result = schema.safeParse(payload);
  if (result.success) {
    const path: PropertyKey[] = [];
    if (!containsNul(result.data, path)) return { ok: true, data: result.data };
    const field = path.length > 0 ? path.map(String).join('.') : 'payload';
    return ackError('invalid', `${field}: must not contain the character U+0000`);
  }
  const issue = result.error.issues[0];
  if (!issue) return ackError('invalid', 'invalid payload');
  const field = issue.path.length > 0 ? issue.path.join('.') : 'payload';
  if (issue.code === 'too_big' && field === 'body') {
    return ackError('too_large', `body: longer than ${String(issue.maximum)} characters`);
  }
  return ackError('invalid', `${field}: ${issue.message}`);
}

/**
 * Whether a string (or an object key) in `value` contains U+0000; `path` then leads to it.
 * Only the parsed data is walked: unknown fields were stripped and are never stored.
 */
function containsNul(value: unknown, path: PropertyKey[]): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  const entries: Iterable<[PropertyKey, unknown]> = Array.isArray(value)
    ? value.entries()
    : Object.entries(value);
  for (const [key, item] of entries) {
    path.push(key);
    if ((typeof key === 'string' && key.includes('\u0000')) || containsNul(item, path)) return true;
    path.pop();
  }
  return false;
}
