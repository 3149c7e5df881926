export interface BackoffOptions {
  /** The delay after the first failure (default 10 s); it doubles with each further one. */
  baseMs: number;
  /** The longest delay (default 1 h). */
  maxMs: number;
}

/**
 * The delay before attempt `failedAttempts + 1`: exponential, capped, with jitter (a random
 * 50–100 % of it) so the retries of many deliveries that failed together spread out.
 */
export function retryDelayMs(failedAttempts: number, options: BackoffOptions, random = Math.random): number {
  const exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
  const delay = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  return Math.round(delay * (0.5 + random() * 0.5));
}
