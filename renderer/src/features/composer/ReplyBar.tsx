import { Trans, useTranslation } from '../../i18n';
import { useAppStore, useStoreApi } from '../../store/react';
import { displayName } from '../../store/selectors';

/** "Replying to Bob: …" above the composer while a reply is being written; ✕ (or Esc) cancels. */
export function ReplyBar({ conversationId }: { conversationId: string }) {
  const store = useStoreApi();
  const { t } = useTranslation();
  const replyId = useAppStore((state) => state.replyingTo[conversationId] ?? null);
  const message = useAppStore((state) =>
    replyId ? state.timelines[conversationId]?.messages.find((m) => m.id === replyId) : undefined,
  );
  const sender = useAppStore((state) => (message ? state.users[message.senderId] : undefined));
  if (!replyId || !message) return null;
  return (
    <div className="composer__reply" role="status">
      <span className="composer__reply-label">
        <Trans
          i18nKey="composer.replyingTo"
          values={{ name: displayName(sender) }}
          components={{ strong: <strong /> }}
        />
      </span>
      <span className="composer__reply-body">{message.body.replace(/\s+/g, ' ').slice(0, 200)}</span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('composer.cancelReply')}
        title={t('composer.cancelReplyTitle')}
        onClick={() => store.getState().setReplyingTo(conversationId, null)}
      >
        ×
      </button>
    </div>
  );
}
