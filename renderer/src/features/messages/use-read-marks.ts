import { useEffect } from 'react';
import { useClient } from '../../app/context';
import { useAttention } from '../../lib/use-attention';
import { useAppStore } from '../../store/react';

/** Sends `message:read` while the conversation is on screen, the window focused, and new messages arrived. */
export function useReadMarks(conversationId: string): void {
  const client = useClient();
  const attentive = useAttention();
  const newest = useAppStore((state) => state.timelines[conversationId]?.messages.at(-1)?.seq ?? 0);
  const readSeq = useAppStore((state) => state.conversations[conversationId]?.readSeq ?? 0);
  const unread = useAppStore((state) => state.conversations[conversationId]?.unread ?? 0);
  const online = useAppStore((state) => state.connection.status === 'online');

  useEffect(() => {
    if (attentive && online && (newest > readSeq || unread > 0)) client.markRead(conversationId);
  }, [client, conversationId, attentive, online, newest, readSeq, unread]);
}
