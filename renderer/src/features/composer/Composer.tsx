import type { User } from '@beacon/protocol';
import { LIMITS } from '@beacon/protocol';
import {
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useClient } from '../../app/context';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';
import { useAppStore, useStoreApi } from '../../store/react';
import { useDraftStorage } from '../drafts/drafts-context';
import { AttachButton } from './AttachButton';
import { AttachmentTray } from './AttachmentTray';
import { ComposerHint } from './ComposerHint';
import { MentionSuggestions } from './MentionSuggestions';
import { ReplyBar } from './ReplyBar';
import { useMentionAutocomplete } from './use-mention-autocomplete';
import { useUploads } from './use-uploads';
import './composer.css';

const MAX_HEIGHT_PX = 200;
const NO_MEMBERS: User[] = [];

export interface ComposerProps {
  conversationId: string;
  /** Who the message goes to, for the placeholder ("Message Bob Baker"). */
  recipientLabel: string;
  /** Members who can be @mentioned (everyone but me). */
  members?: readonly User[];
  /** Called after a message was queued (the transcript scrolls to it). */
  onSent(): void;
}

/** The message box: Enter sends, Shift+Enter adds a line; replies, @mentions and files; drafts are kept. */
export function Composer({ conversationId, recipientLabel, members = NO_MEMBERS, onSent }: ComposerProps) {
  const client = useClient();
  const { t } = useTranslation();
  const store = useStoreApi();
  const drafts = useDraftStorage();
  const replyToId = useAppStore((state) => state.replyingTo[conversationId] ?? null);
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const uploads = useUploads();
  const length = text.trim().length;
  const tooLong = length > LIMITS.bodyMaxChars;
  const canSend = (length > 0 || uploads.attachments.length > 0) && !tooLong && !uploads.busy;

  useEffect(() => {
    let live = true;
    void drafts.load(conversationId).then((draft) => {
      if (live && draft) setText((current) => current || draft);
    });
    return () => {
      live = false;
    };
  }, [drafts, conversationId]);

  useLayoutEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`;
  });

  const update = (value: string) => {
    setText(value);
    void drafts.save(conversationId, value);
    if (value.trim()) client.typing(conversationId);
    else client.stopTyping(conversationId);
  };
  const mentions = useMentionAutocomplete(members, text, update);

  const send = () => {
    if (!canSend) return;
    // A message of files only still needs a body (1..10000 characters by contract).
    const body = text.trim() || uploads.attachments.map((file) => file.name).join(', ');
    client.sendMessage(conversationId, body, { replyToId, attachments: uploads.attachments });
    update('');
    uploads.clear();
    store.getState().setReplyingTo(conversationId, null);
    client.stopTyping(conversationId);
    onSent();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mentions.onKeyDown(event)) return;
    if (event.key === 'Escape' && replyToId) {
      event.preventDefault();
      store.getState().setReplyingTo(conversationId, null);
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send();
    textarea.current?.focus();
  };
  const onPaste = (event: ClipboardEvent) => {
    if (event.clipboardData.files.length === 0) return;
    event.preventDefault();
    uploads.add(event.clipboardData.files);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) uploads.add(event.dataTransfer.files);
  };

  return (
    <form
      className="composer"
      onSubmit={onSubmit}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-dragging={dragging || undefined}
    >
      <ReplyBar conversationId={conversationId} />
      <AttachmentTray uploads={uploads.uploads} onRemove={uploads.remove} />
      {mentions.open && (
        <MentionSuggestions
          id={listId}
          members={mentions.suggestions}
          activeIndex={mentions.activeIndex}
          onPick={(member) => mentions.pick(member, textarea.current)}
        />
      )}
      <div className="composer__box" data-invalid={tooLong || undefined}>
        <AttachButton onFiles={uploads.add} />
        <textarea
          ref={textarea}
          className="composer__input"
          aria-label={t('composer.message')}
          aria-describedby="composer-hint"
          aria-invalid={tooLong || undefined}
          aria-autocomplete="list"
          aria-controls={mentions.open ? listId : undefined}
          aria-activedescendant={mentions.activeId ? `${listId}-${mentions.activeId}` : undefined}
          placeholder={t('composer.placeholder', { recipient: recipientLabel })}
          rows={1}
          value={text}
          onChange={(event) => {
            update(event.target.value);
            mentions.trackCaret(event.target);
          }}
          onSelect={(event) => mentions.trackCaret(event.currentTarget)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => client.stopTyping(conversationId)}
          // biome-ignore lint/a11y/noAutofocus: opening a conversation is a request to write in it
          autoFocus
        />
        <button
          type="submit"
          className="composer__send"
          aria-label={t('composer.send')}
          title={t('composer.sendTitle')}
          disabled={!canSend}
        >
          <Icon name="send" size={18} />
        </button>
      </div>
      <ComposerHint length={length} tooLong={tooLong} />
    </form>
  );
}
