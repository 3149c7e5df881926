/** Numeric limits of the wire contract (docs/PROTOCOL.md; the v2 ones are Beacon's choices, docs/protocol-notes.md). */
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
  // v2
  /** A device label such as "Windows laptop" (device:activity). */
  deviceLabelMaxChars: 64,
  /** The out-of-office message and a claim's activity text. */
  activityMaxChars: 280,
  /** How far ahead a chosen `until` or an out-of-office `to` may lie (a year). */
  presenceUntilMaxAheadMs: 366 * 24 * 60 * 60 * 1000,
  /** One-shot `presence:watch` alerts a user may have pending at once. */
  watchMaxPerUser: 100,
  /** At most this many (the newest) seqs in a conversation's `unreadMentionSeqs`. */
  unreadMentionSeqsMax: 100,
} as const;
