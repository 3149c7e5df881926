import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import { typingText } from './typing-text';

const NOBODY: string[] = [];

/** Who is typing in this conversation; announced politely to screen readers. */
export function TypingIndicator({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const someone = t('messages.someone');
  const names = useAppStore(
    useShallow((state) =>
      (state.typing[conversationId] ?? NOBODY).map((id) => state.users[id]?.name.split(' ')[0] || someone),
    ),
  );
  const text = typingText(names);
  return (
    <div className="typing-indicator" aria-live="polite">
      {text && (
        <>
          <span className="typing-indicator__dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {text}
        </>
      )}
    </div>
  );
}
