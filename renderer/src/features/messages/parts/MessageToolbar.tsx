import type { Message } from '@beacon/protocol';
import { useState } from 'react';
import { Menu, type MenuItem } from '../../../components/Menu';
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
  const [picking, setPicking] = useState(false);
  const mine = message.senderId === context.meId;
  const writable = !context.readOnly;
  const items: MenuItem[] = [
    ...(writable ? [{ label: 'Reply', onSelect: () => context.reply(message) }] : []),
    ...(writable ? [{ label: 'Add reaction', onSelect: () => setPicking(true) }] : []),
    ...(mine && writable ? [{ label: 'Edit', onSelect: onEdit }] : []),
    { label: 'Copy link', onSelect: () => context.copyLink(message) },
    ...(!mine ? [{ label: 'Mark as unread', onSelect: () => context.markUnread(message) }] : []),
    ...(mine && writable
      ? [{ label: 'Delete', onSelect: () => context.requestDelete(message), danger: true }]
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
            aria-label="Reply"
            title="Reply"
            onClick={() => context.reply(message)}
          >
            ↩
          </button>
          <button
            type="button"
            className="icon-button"
            tabIndex={tab}
            aria-label="Add reaction"
            title="Add reaction"
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
        aria-label="More actions"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        title="More actions"
        onClick={() => setMenuOpen(!menuOpen)}
      >
        ⋯
      </button>
      {menuOpen && <Menu label="Message actions" items={items} onClose={() => setMenuOpen(false)} />}
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
