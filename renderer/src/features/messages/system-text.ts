import type { Message, SystemEvent } from '@beacon/protocol';
import { currentLocale, i18n } from '../../i18n';

function list(names: string[]): string {
  if (names.length === 0) return i18n.t('messages.someone');
  return new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(names);
}

/**
 * The sentence of a system message, built from its `system` event and the names this client knows
 * (so it can be translated later); the server's English `body` when the event is missing or unknown.
 */
export function systemText(
  message: Pick<Message, 'body' | 'system'>,
  nameOf: (userId: string) => string,
  meId: string,
): string {
  const event: SystemEvent | null = message.system;
  if (!event) return message.body;
  const name = (id: string) => (id === meId ? i18n.t('messages.you') : nameOf(id));
  const actor = name(event.actorId);
  const people = list(event.userIds.map((id) => (id === meId ? i18n.t('messages.youObject') : nameOf(id))));
  switch (event.action) {
    case 'created':
      return event.title
        ? i18n.t('messages.systemCreatedTitled', { actor, title: event.title })
        : i18n.t('messages.systemCreated', { actor });
    case 'renamed':
      return event.title
        ? i18n.t('messages.systemRenamed', { actor, title: event.title })
        : i18n.t('messages.systemTitleRemoved', { actor });
    case 'added':
      return i18n.t('messages.systemAdded', { actor, people });
    case 'removed':
      return i18n.t('messages.systemRemoved', { actor, people });
    case 'left':
      return i18n.t('messages.systemLeft', { actor });
    default:
      return message.body;
  }
}
