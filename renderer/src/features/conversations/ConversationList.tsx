import { memo, type Ref, useMemo, useRef, useState } from 'react';
import { type ItemProps, type ListProps, Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import { useClient } from '../../app/context';
import { Avatar } from '../../components/Avatar';
import { Icon } from '../../components/Icon';
import { useTranslation } from '../../i18n';
import { formatListTime } from '../../lib/time';
import { useRovingList } from '../../lib/use-roving-list';
import { useAppStore, usePresence } from '../../store/react';
import { createConversationOrderSelector, directPartnerId } from '../../store/selectors';
import { useServerNow } from '../presence/person';
import { conversationLabel, messagePreview } from './labels';
import './conversations.css';

function ConversationsList({ ref, ...props }: ListProps<HTMLUListElement> & { ref?: Ref<HTMLUListElement> }) {
  const { t } = useTranslation();
  return <ul {...props} ref={ref} aria-label={t('conversations.heading')} className="row-list" />;
}

function useConversationSummary(conversationId: string) {
  const { t } = useTranslation();
  const conversation = useAppStore((state) => state.conversations[conversationId]);
  const meId = useAppStore((state) => state.me?.id);
  const senderId = conversation?.lastMessage?.senderId;
  const sender = useAppStore((state) => (senderId ? state.users[senderId] : undefined));
  const preview = useMemo(
    () =>
      conversation
        ? messagePreview(conversation, meId, sender && senderId ? { [senderId]: sender } : {}, t)
        : null,
    [conversation, meId, sender, senderId, t],
  );
  return { conversation, meId, preview };
}

function ConversationItem({ item, children, ...props }: ItemProps<string>) {
  const { conversation, preview } = useConversationSummary(item);
  const mentions = useAppStore((state) => state.mentionSeqs[item]?.length ?? 0);
  const { t } = useTranslation();
  return (
    <li
      {...props}
      aria-label={conversation ? conversationLabel(conversation, preview, t, mentions) : undefined}
      className="row-list__item"
    >
      {children}
    </li>
  );
}

const components = { List: ConversationsList, Item: ConversationItem };

const ConversationRow = memo(function ConversationRow({
  conversationId,
  tabStop,
}: {
  conversationId: string;
  tabStop: boolean;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const { conversation, meId, preview } = useConversationSummary(conversationId);
  const active = useAppStore((state) => state.activeConversationId === conversationId);
  const partnerId = directPartnerId(conversation, meId);
  const partnerPresence = usePresence(partnerId);
  const now = useServerNow(true);
  const mentionCount = useAppStore((state) => state.mentionSeqs[conversationId]?.length ?? 0);
  if (!conversation) return null;
  const sentAt = conversation.lastMessage?.sentAt ?? conversation.createdAt;
  const unread = conversation.unread;
  const mentions = Math.min(mentionCount, unread);
  return (
    <button
      type="button"
      className="conversation-row"
      data-roving-id={conversationId}
      tabIndex={tabStop ? 0 : -1}
      data-active={active || undefined}
      data-unread={unread > 0 || undefined}
      aria-current={active ? 'true' : undefined}
      onClick={() => client.showConversation(conversationId)}
    >
      <Avatar
        id={partnerId ?? conversation.id}
        name={conversation.title}
        group={conversation.kind === 'group'}
        status={partnerId ? (partnerPresence?.status ?? 'offline') : undefined}
      />
      <span className="conversation-row__text">
        <span className="conversation-row__top">
          <span className="conversation-row__title">{conversation.title || t('conversations.untitled')}</span>
          {sentAt !== undefined && (
            <span className="conversation-row__time">{formatListTime(sentAt, now)}</span>
          )}
        </span>
        <span className="conversation-row__bottom">
          <span className="conversation-row__preview">
            {preview ??
              (conversation.kind === 'group'
                ? t('conversations.members', { count: conversation.memberIds.length })
                : t('conversations.noMessagesYet'))}
          </span>
          {mentions > 0 && (
            <span
              className="mention-badge"
              aria-hidden="true"
              title={t('conversations.mentioningYou', { count: mentions })}
            >
              @{mentions > 1 ? mentions : ''}
            </span>
          )}
          {unread > 0 && (
            <span className="unread-badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          )}
        </span>
      </span>
    </button>
  );
});

/** Recent conversations, newest activity first, with unread counts and a preview of the last message. */
export function ConversationList({ onNewGroup }: { onNewGroup(): void }) {
  const { t } = useTranslation();
  const selectOrder = useMemo(() => createConversationOrderSelector(), []);
  const ids = useAppStore((state) => selectOrder(state.conversations));
  const status = useAppStore((state) => state.conversationsStatus);
  const error = useAppStore((state) => state.conversationsError);
  const [height, setHeight] = useState(0);
  const activeId = useAppStore((state) => state.activeConversationId);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const roving = useRovingList(ids, activeId, virtuoso);

  return (
    <section
      className="sidebar-section sidebar-section--conversations"
      aria-labelledby="conversations-heading"
    >
      <div className="sidebar-section__header">
        <h2 id="conversations-heading" className="sidebar-section__title">
          {t('conversations.heading')}
        </h2>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={onNewGroup}
          title={t('conversations.newGroupTitle')}
        >
          <Icon name="group" size={16} />
          {t('conversations.newGroup')}
        </button>
      </div>
      {ids.length === 0 ? (
        <div className="sidebar-section__empty">
          {status === 'error' ? (
            <span className="error-text">{error}</span>
          ) : status === 'ready' ? (
            <span className="muted">{t('conversations.noneYet')}</span>
          ) : (
            <span className="muted">{t('conversations.loading')}</span>
          )}
          <ul aria-label={t('conversations.heading')} className="row-list" />
        </div>
      ) : (
        // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move the focus between the rows inside
        <div
          ref={roving.root}
          className="sidebar-section__roving"
          onKeyDown={roving.onKeyDown}
          onFocus={roving.onFocus}
        >
          <Virtuoso
            ref={virtuoso}
            className="sidebar-section__scroller"
            // The roving row is the list's one Tab stop; the scroller (focusable by default) is not.
            tabIndex={-1}
            style={{ height: height || undefined }}
            data={ids}
            components={components}
            computeItemKey={(_, id) => id}
            itemContent={(_, id) => <ConversationRow conversationId={id} tabStop={id === roving.tabStopId} />}
            totalListHeightChanged={setHeight}
          />
        </div>
      )}
    </section>
  );
}
