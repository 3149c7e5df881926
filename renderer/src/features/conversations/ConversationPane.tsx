import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from '../../i18n';
import { useAppStore } from '../../store/react';
import { Composer } from '../composer/Composer';
import { Transcript, type TranscriptHandle } from '../messages/Transcript';
import { TypingIndicator } from '../messages/TypingIndicator';
import { useReadMarks } from '../messages/use-read-marks';
import { ConversationHeader } from './ConversationHeader';
import './conversation-pane.css';

/** The open conversation: header, transcript, typing indicator and composer (read-only once left). */
export function ConversationPane({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const meId = useAppStore((state) => state.me?.id);
  const members = useAppStore(
    useShallow((state) =>
      (conversation?.memberIds ?? []).flatMap((id) =>
        id === meId
          ? []
          : (state.users[id] ?? conversation?.members?.find((member) => member.id === id) ?? []),
      ),
    ),
  );
  const transcript = useRef<TranscriptHandle>(null);
  useReadMarks(conversationId);
  if (!conversation) {
    return (
      <div className="pane-empty">
        <span className="muted">
          <span className="spinner" aria-hidden="true" /> Opening conversation…
        </span>
      </div>
    );
  }
  return (
    <section className="conversation" aria-label={conversation.title}>
      <ConversationHeader conversation={conversation} />
      {/* Sibling keys must differ: with the same key React fails to unmount the previous transcript. */}
      <Transcript
        key={`transcript:${conversationId}`}
        conversationId={conversationId}
        handleRef={transcript}
      />
      <TypingIndicator conversationId={conversationId} />
      {meId && !conversation.memberIds.includes(meId) ? (
        <p className="conversation__read-only" role="status">
          {t('conversations.noLongerMember')}
        </p>
      ) : (
        <Composer
          key={`composer:${conversationId}`}
          conversationId={conversationId}
          recipientLabel={conversation.title}
          members={members}
          onSent={() => transcript.current?.scrollToBottom()}
        />
      )}
    </section>
  );
}
