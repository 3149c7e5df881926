/** Numeric limits fixed by the wire contract v1 (docs/PROTOCOL.md). */
export const LIMITS = {
  /** Message body length in UTF-16 code units (JavaScript string length). */
  bodyMaxChars: 10_000,
  statusMessageMaxChars: 140,
  subscribeMaxUserIds: 1_000,
  historyMaxLimit: 200,
  historyDefaultLimit: 50,
  directoryDefaultLimit: 20,
  directoryMaxLimit: 100,
  /** Upper bound of the offline grace period after a user's last session leaves. */
  offlineGraceMaxMs: 15_000,
  groupMaxMembers: 500,
  titleMaxChars: 200,
  queryMaxChars: 200,
} as const;
