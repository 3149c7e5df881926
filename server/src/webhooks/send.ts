import type { AttemptOutcome, DueDelivery } from './queue';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

/**
 * One attempt: POSTs the delivery's body, signed, and says how it went. Never throws: a refused
 * connection, a timeout or the server closing (`closing`) is a failed attempt like a non-2xx.
 */
export async function sendDelivery(
  delivery: DueDelivery,
  options: { timeoutMs: number; closing: AbortSignal; now: () => number },
): Promise<AttemptOutcome> {
  const startedAt = options.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Beacon-Webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(delivery.secret, delivery.body, Math.floor(startedAt / 1000)),
      },
      body: delivery.body,
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.closing]),
      redirect: 'manual',
    });
    status = response.status;
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (status < 200 || status > 299) error = `HTTP ${status}`;
  } catch (caught) {
    error = describeFetchError(caught, options.timeoutMs);
  }
  const at = options.now();
  return {
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    attempt: delivery.attempts + 1,
    status,
    at,
    durationMs: at - startedAt,
    error,
  };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    if (error.name === 'AbortError') return 'aborted: the server was shutting down';
    const cause = (error as Error & { cause?: unknown }).cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}
