import type { ClaimPutRequest } from '@beacon/protocol';

type ClaimStatus = ClaimPutRequest['status'];

/** What a bridge sets for a user: one claim, as the Integration API takes it. */
export interface ClaimBody {
  status: ClaimStatus;
  activity: string | null;
  /** ms since the epoch; the server refuses more than 24 h ahead. */
  until?: number;
  ttlSeconds?: number;
}

/** A refused or failed Integration API call, with the server's error code when it sent one. */
export class ClaimsApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'ClaimsApiError';
  }
}

export interface ClaimsClientOptions {
  /** The Beacon server's base URL, e.g. `https://beacon.example.com`. */
  server: string;
  /** An integration token with `presence:write`. */
  token: string;
  /** Per request; a hung server must not stall the bridge. Default 10 s. */
  timeoutMs?: number;
  /** Retries after a `429` (waiting its `Retry-After`) before giving up. Default 2. */
  rateLimitRetries?: number;
  fetch?: typeof fetch;
}

/**
 * The part of the Integration API a bridge needs: `PUT` and `DELETE
 * /api/v1/presence/{email}/claims/{claimId}`. Bridges hold a token, never the database.
 */
export class ClaimsClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly rateLimitRetries: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ClaimsClientOptions) {
    this.base = options.server.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.rateLimitRetries = options.rateLimitRetries ?? 2;
    this.fetch = options.fetch ?? fetch;
  }

  async put(email: string, claimId: string, body: ClaimBody): Promise<void> {
    await this.send('PUT', email, claimId, body);
  }

  /** Idempotent: `204` also when there was no such claim. */
  async delete(email: string, claimId: string): Promise<void> {
    await this.send('DELETE', email, claimId);
  }

  private async send(method: 'PUT' | 'DELETE', email: string, claimId: string, body?: ClaimBody) {
    const url = `${this.base}/api/v1/presence/${encodeURIComponent(email)}/claims/${encodeURIComponent(claimId)}`;
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.token}` };
    if (body) headers['content-type'] = 'application/json';
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers,
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ClaimsApiError(`${method} ${email} claim ${claimId}: ${reason}`, null, null);
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 429 && attempt < this.rateLimitRetries && Number.isFinite(retryAfter)) {
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, retryAfter) * 1000));
        continue;
      }
      const { code, message } = await errorOf(response);
      throw new ClaimsApiError(
        `${method} ${email} claim ${claimId}: ${response.status} ${code ?? ''} ${message}`.replace(
          /\s+/g,
          ' ',
        ),
        response.status,
        code,
      );
    }
  }
}

async function errorOf(response: Response): Promise<{ code: string | null; message: string }> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const error = (parsed as { error: { code?: unknown; message?: unknown } }).error;
      return {
        code: typeof error.code === 'string' ? error.code : null,
        message: typeof error.message === 'string' ? error.message : text,
      };
    }
  } catch {
    // Not the contract's JSON (a proxy's error page): report the text as it is.
  }
  return { code: null, message: text.slice(0, 200) };
}
