/**
 * Whether a message names the signed-in user in its `mentions` (never their own message): the
 * host notifies it even over another conversation. The unread mention count is part of
 * `selectUnreadSummary` (selectors.ts).
 */
export function mentionsUser(
  message: { senderId: string; mentions: readonly string[] },
  userId: string | undefined,
): boolean {
  return userId !== undefined && message.senderId !== userId && message.mentions.includes(userId);
}
