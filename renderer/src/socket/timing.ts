import { DEFAULT_COMMAND_TIMEOUT_MS } from './commands';

export interface ClientTiming {
  commandTimeoutMs: number;
  /** Stop announcing "typing" after this long without a keystroke. */
  typingIdleMs: number;
  /** Re-announce "typing" at most this often while the user keeps typing. */
  typingResendMs: number;
  /** Forget someone else's "typing" if no `typing: false` arrives within this time. */
  remoteTypingMs: number;
  /** Presence events are applied to the store in batches at most this often. */
  presenceBatchMs: number;
  presenceDebounceMs: number;
  outboxRetryMs: number;
}

export const DEFAULT_TIMING: ClientTiming = {
  commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
  typingIdleMs: 5_000,
  typingResendMs: 3_000,
  remoteTypingMs: 7_000,
  presenceBatchMs: 100,
  presenceDebounceMs: 250,
  outboxRetryMs: 3_000,
};
