import { z } from 'zod';

export const ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'invalid',
  'not_found',
  'too_large',
  'rate_limited',
  'policy',
  'internal',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z.object({ code: errorCodeSchema, message: z.string() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The failed acknowledgement: `{ ok: false, error: { code, message } }`. */
export const ackErrorSchema = z.object({ ok: z.literal(false), error: errorBodySchema });
export type AckError = z.infer<typeof ackErrorSchema>;

/**
 * Every acknowledgement is either `{ ok: true, ...result }` or `{ ok: false, error }`. The
 * result schema of each client event is in `acks.ts`; these generics stay for handlers and
 * clients that name a result type directly.
 */
export type AckOk<T extends object = Record<never, never>> = { ok: true } & T;
export type Ack<T extends object = Record<never, never>> = AckOk<T> | AckError;
export type AckCallback<T extends object = Record<never, never>> = (response: Ack<T>) => void;

export function ackError(code: ErrorCode, message: string): AckError {
  return { ok: false, error: { code, message } };
}

/** An error a handler throws to answer its acknowledgement with a specific code. */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}
