import type { Message } from '@beacon/protocol';
import { useTranslation } from '../../../i18n';
import { useMessageContext } from '../message-context';

/** Reaction chips under a message: emoji and count, who reacted in the tooltip; mine are pressed. */
export function Reactions({ message, active }: { message: Message; active: boolean }) {
  const { meId, nameOf, toggleReaction, readOnly } = useMessageContext();
  const { t } = useTranslation();
  const entries = Object.entries(message.reactions).filter(([, users]) => users.length > 0);
  if (entries.length === 0) return null;
  return (
    <ul className="reactions" aria-label={t('messages.reactions')}>
      {entries.map(([emoji, users]) => {
        const mine = users.includes(meId);
        const names = users.map((id) => (id === meId ? t('messages.you') : nameOf(id))).join(', ');
        return (
          <li key={emoji}>
            <button
              type="button"
              className="reaction-chip"
              aria-pressed={mine}
              tabIndex={active ? 0 : -1}
              disabled={readOnly}
              title={t('messages.reactedWith', { names, emoji })}
              aria-label={t('messages.reactionLabel', { emoji, total: users.length, names })}
              onClick={() => toggleReaction(message, emoji)}
            >
              <span aria-hidden="true">{emoji}</span>
              <span className="reaction-chip__count">{users.length}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
