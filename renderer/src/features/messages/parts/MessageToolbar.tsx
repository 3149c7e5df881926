import type { Message } from '@beacon/protocol';
import { useState } from 'react';
import { Menu, type MenuItem } from '../../../components/Menu';
import { useTranslation } from '../../../i18n';
import { useMessageContext } from '../message-context';
import { ReactionPicker } from './ReactionPicker';

export interface MessageToolbarProps {
  message: Message;
  active: boolean;
  /** Opened from the keyboard (Enter or the context-menu key on the focused message). */
  menuOpen: boolean;
  setMenuOpen(open: boolean): void;
  onEdit(): void;
}

/** Reply, react and "More" (edit, delete, copy link, mark as unread), shown on hover and focus. */
export function MessageToolbar({ message, active, menuOpen, setMenuOpen, onEdit }: MessageToolbarProps) {
  const context = useMessageContext();
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const mine = message.senderId === context.meId;
  const writable = !context.readOnly;
  const items: MenuItem[] = [
    ...(writable ? [{ label: t('messages.reply'), onSelect: () => context.reply(message) }] : []),
    ...(writable ? [{ label: t('messages.addReaction'), onSelect: () => setPicking(true) }] : []),
    ...(mine && writable ? [{ label: t('messages.edit'), onSelect: onEdit }] : []),
    { label: t('messages.copyLink'), onSelect: () => context.copyLink(message) },
    ...(!mine ? [{ label: t('messages.markUnread'), onSelect: () => context.markUnread(message) }] : []),
    ...(mine && writable
      ? [{ label: t('messages.delete'), onSelect: () => context.requestDelete(message), danger: true }]
      : []),
  ];
  const tab = active ? 0 : -1;
  return (
    <div className="message-toolbar" data-open={menuOpen || picking || undefined}>
      {writable && (
        <>
          <button
            type="button"
            className="icon-button"
            tabIndex={tab}
            aria-label={t('messages.reply')}
            title={t('messages.reply')}
            onClick={() => context.reply(message)}
          >
            ↩
          </button>
          <button
            type="button"
            className="icon-button"
            tabIndex={tab}
            aria-label={t('messages.addReaction')}
            title={t('messages.addReaction')}
            onClick={() => setPicking(true)}
          >
            ☺
          </button>
        </>
      )}
      <button
        type="button"
        className="icon-button"
        tabIndex={tab}
        aria-label={t('messages.moreActions')}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        title={t('messages.moreActions')}
        onClick={() => setMenuOpen(!menuOpen)}
      >
        ⋯
      </button>
      {menuOpen && (
        <Menu label={t('messages.messageActions')} items={items} onClose={() => setMenuOpen(false)} />
      )}
      {picking && (
        <ReactionPicker
          onPick={(emoji) => {
            setPicking(false);
            context.toggleReaction(message, emoji);
          }}
          onClose={() => setPicking(false)}
        />
      )}
    </div>
  );
}
