import type { Conversation, Message } from '@beacon/protocol';
import { currentLocale, i18n } from '../../i18n';

export interface SeenMark {
  /** The message the mark goes under. */
  seq: number;
  /** Other members who have read at least that far. */
  readerIds: string[];
}

/** How far back from the newest read position to look for one of the user's own messages. */
const SCAN_LIMIT = 500;

function lastIndexAtOrBefore(messages: readonly Message[], seq: number): number {
  let low = 0;
  let high = messages.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const message = messages[mid];
    if (message && message.seq <= seq) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * "Seen" goes under the newest of the user's own messages that another member has read
 * (from `read` events and `readSeqs`), naming who read it.
 */
export function computeSeen(
  conversation: Conversation | undefined,
  meId: string | undefined,
  messages: readonly Message[],
): SeenMark | null {
  if (!conversation || !meId || messages.length === 0) return null;
  const readSeqs = conversation.readSeqs ?? {};
  const others = conversation.memberIds.filter((id) => id !== meId);
  let furthest = 0;
  for (const id of others) furthest = Math.max(furthest, readSeqs[id] ?? 0);
  if (furthest === 0) return null;
  const start = lastIndexAtOrBefore(messages, furthest);
  for (let i = start; i >= 0 && start - i < SCAN_LIMIT; i -= 1) {
    const message = messages[i];
    if (!message || message.senderId !== meId) continue;
    const readerIds = others.filter((id) => (readSeqs[id] ?? 0) >= message.seq);
    if (readerIds.length > 0) return { seq: message.seq, readerIds };
  }
  return null;
}

export function seenLabel(
  mark: SeenMark,
  conversation: Conversation,
  names: (userId: string) => string,
): string {
  const others = conversation.memberIds.length - 1;
  if (conversation.kind === 'direct') return i18n.t('messages.seen');
  if (mark.readerIds.length >= others && others > 1) return i18n.t('messages.seenByEveryone');
  const firstNames = mark.readerIds.map((id) => names(id).split(' ')[0] ?? '');
  return i18n.t('messages.seenBy', {
    names: new Intl.ListFormat(currentLocale(), { style: 'narrow', type: 'unit' }).format(firstNames),
  });
}
