import type { Message } from '@beacon/protocol';
import { useTranslation } from '../../../i18n';
import { formatFullDateTime } from '../../../lib/time';
import { AttachmentChip } from '../../files/AttachmentChip';
import { useMessageContext } from '../message-context';
import { MessageEditor } from './MessageEditor';
import { MessageText } from './MessageText';
import { Reactions } from './Reactions';
import { ReplyQuote } from './ReplyQuote';

export interface MessageContentProps {
  message: Message;
  active: boolean;
  editing: boolean;
  stopEditing(): void;
}

/** A sent message's content: the quote it replies to, its text (or tombstone), files and reactions. */
export function MessageContent({ message, active, editing, stopEditing }: MessageContentProps) {
  const context = useMessageContext();
  const { t } = useTranslation();
  if (message.deletedAt !== null) {
    return (
      <>
        <ReplyQuote message={message} active={active} />
        <div className="message__body message__body--deleted">{t('messages.deleted')}</div>
      </>
    );
  }
  return (
    <>
      <ReplyQuote message={message} active={active} />
      {editing ? (
        <MessageEditor
          initial={message.body}
          onSave={async (body) => {
            await context.edit(message, body);
            stopEditing();
          }}
          onCancel={stopEditing}
        />
      ) : (
        message.body && (
          <div className="message__body">
            <MessageText
              body={message.body}
              members={context.members}
              meId={context.meId}
              onOpenLink={context.onOpenLink}
            />
            {message.editedAt !== null && (
              <span
                className="message__edited"
                title={t('messages.editedAt', { when: formatFullDateTime(message.editedAt) })}
              >
                {' '}
                {t('messages.edited')}
              </span>
            )}
          </div>
        )
      )}
      {message.attachments.length > 0 && (
        <ul className="attachments" aria-label={t('messages.files')}>
          {message.attachments.map((attachment) => (
            <AttachmentChip key={attachment.id} attachment={attachment} active={active} />
          ))}
        </ul>
      )}
      <Reactions message={message} active={active} />
    </>
  );
}
