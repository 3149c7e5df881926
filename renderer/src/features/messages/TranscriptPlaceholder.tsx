import { useClient } from '../../app/context';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';

/** The transcript while its first page loads, or why it could not. */
export function TranscriptPlaceholder({ conversationId, label }: { conversationId: string; label: string }) {
  const client = useClient();
  const { t } = useTranslation();
  const timeline = useAppStore((state) => state.timelines[conversationId]);
  return (
    <div
      className="transcript transcript--placeholder"
      role="log"
      aria-label={label}
      aria-busy={timeline?.status !== 'error'}
    >
      {timeline?.status === 'error' ? (
        <div className="transcript__problem">
          <p className="alert">{t('messages.loadFailed', { error: timeline.error ?? '' })}</p>
          <button
            type="button"
            className="button"
            onClick={() => void client.loadConversation(conversationId)}
          >
            {t('messages.tryAgain')}
          </button>
        </div>
      ) : (
        <span className="muted">
          <span className="spinner" aria-hidden="true" /> {t('messages.loadingMessages')}
        </span>
      )}
    </div>
  );
}
