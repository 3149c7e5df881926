import type { Conversation } from '@beacon/protocol';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useClient } from '../../app/context';
import { useToast } from '../../app/toasts';
import { Avatar } from '../../components/Avatar';
import { BotBadge, isBot } from '../../components/BotBadge';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';
import { describeError } from '../../socket';
import { useAppStore } from '../../store/react';
import { directPartnerId, displayName } from '../../store/selectors';
import { usePresenceView } from '../presence/use-presence-view';
import { WatchButton } from '../presence/WatchButton';
import { GroupMemberList } from './GroupMemberList';

function DirectStatus({ userId }: { userId: string }) {
  const view = usePresenceView(userId);
  return (
    <p className="conversation-header__sub" title={view.details}>
      <span className="person__word" data-status={view.status} data-stale={view.stale !== null || undefined}>
        {view.headline}
      </span>
      {view.stale && <span className="person__stale"> · {view.stale}</span>}
      {view.idle && <span> · {view.idle}</span>}
      {view.presence?.message && (
        <span className="conversation-header__note"> · {view.presence.message}</span>
      )}
    </p>
  );
}

function GroupMembers({ conversation, meId }: { conversation: Conversation; meId: string | undefined }) {
  const { t } = useTranslation();
  const names = useAppStore(
    useShallow((state) =>
      conversation.memberIds.map((id) =>
        id === meId ? t('conversations.you') : displayName(state.users[id], t('conversations.unknownPerson')),
      ),
    ),
  );
  return (
    <details className="conversation-header__members">
      <summary className="conversation-header__sub" title={names.join(', ')}>
        {conversation.memberIds.length} members · {names.join(', ')}
      </summary>
      <GroupMemberList conversation={conversation} meId={meId} />
    </details>
  );
}

/** "Add to contacts" / "Remove from contacts" for the other person of a direct conversation. */
function ContactToggle({ userId, name }: { userId: string; name: string }) {
  const client = useClient();
  const toast = useToast();
  const { t } = useTranslation();
  const isContact = useAppStore((state) => state.contactIds.includes(userId));
  const [busy, setBusy] = useState(false);
  const toggle = () => {
    setBusy(true);
    (isContact ? client.removeContact(userId) : client.addContact(userId))
      .catch((error: unknown) => toast(t('conversations.contactsFailed', { reason: describeError(error) })))
      .finally(() => setBusy(false));
  };
  return (
    <button
      type="button"
      className="button button--small button--ghost conversation-header__action"
      onClick={toggle}
      disabled={busy}
      title={
        isContact
          ? t('conversations.removeContactTitle', { name })
          : t('conversations.addContactTitle', { name })
      }
    >
      <Icon name={isContact ? 'remove' : 'personAdd'} size={16} />
      {isContact ? t('conversations.removeContact') : t('conversations.addContact')}
    </button>
  );
}

/** The open conversation's title with the other person's presence, or the group's members. */
export function ConversationHeader({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const meId = useAppStore((state) => state.me?.id);
  const partnerId = directPartnerId(conversation, meId);
  const partner = usePresenceView(partnerId);
  const partnerIsBot = useAppStore((state) => (partnerId ? isBot(state.users[partnerId]) : false));
  return (
    <header className="conversation-header">
      <Avatar
        id={partnerId ?? conversation.id}
        name={conversation.title}
        size="lg"
        group={conversation.kind === 'group'}
        status={partnerId ? partner.status : undefined}
        stale={partner.stale !== null}
      />
      <div className="conversation-header__text">
        <h1 className="conversation-header__title">
          {conversation.title || t('conversations.untitled')}
          <BotBadge bot={partnerIsBot} />
        </h1>
        {partnerId ? (
          <DirectStatus userId={partnerId} />
        ) : (
          <GroupMembers conversation={conversation} meId={meId} />
        )}
      </div>
      {partnerId && <WatchButton userId={partnerId} name={conversation.title} />}
      {partnerId && <ContactToggle userId={partnerId} name={conversation.title} />}
    </header>
  );
}
