import type { Message } from '@beacon/protocol';
import { useTranslation } from '../../../i18n';
import { useAppStore } from '../../../store/react';
import { useMessageContext } from '../message-context';

/** The quoted message above a reply; the loaded copy wins (it may have been edited since). Click jumps to it. */
export function ReplyQuote({ message, active }: { message: Message; active: boolean }) {
  const { nameOf, jumpToMessage } = useMessageContext();
  const { t } = useTranslation();
  const loaded = useAppStore((state) =>
    state.timelines[message.conversationId]?.messages.find((m) => m.id === message.replyToId),
  );
  const quote = loaded
    ? { senderId: loaded.senderId, body: loaded.body, deleted: loaded.deletedAt !== null }
    : message.replyTo;
  if (!message.replyToId || !quote) return null;
  const text = quote.deleted ? t('messages.deleted') : quote.body.replace(/\s+/g, ' ').slice(0, 200);
  return (
    <button
      type="button"
      className="reply-quote"
      tabIndex={active ? 0 : -1}
      onClick={() => jumpToMessage(message.replyToId as string, message.replyTo?.seq)}
      title={t('messages.showOriginal')}
    >
      <span className="reply-quote__sender">{nameOf(quote.senderId)}</span>
      <span className="reply-quote__body" data-deleted={quote.deleted || undefined}>
        {text}
      </span>
    </button>
  );
}
