import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Translate } from '../../../../common/i18n';
import { useClient } from '../../app/context';
import { Avatar } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';
import { statusWord } from '../../lib/presence';
import type { AppState } from '../../store';
import { useAppStore } from '../../store/react';
import { conversationActivity, directPartnerId, displayName } from '../../store/selectors';
import { useOpenDirect } from '../conversations/use-open-direct';
import { matchScore } from './rank';
import './quick-switcher.css';

type SwitcherItem =
  | {
      kind: 'conversation';
      id: string;
      label: string;
      detail: string;
      avatarId: string;
      group: boolean;
      userId: string | null;
    }
  | {
      kind: 'person';
      id: string;
      label: string;
      detail: string;
      avatarId: string;
      group: false;
      userId: string;
    };

const MAX_ITEMS = 12;

type SwitcherSource = Pick<
  AppState,
  'conversations' | 'contactIds' | 'users' | 'presences' | 'me' | 'searches'
>;

function buildItems(state: SwitcherSource, query: string, t: Translate): SwitcherItem[] {
  const meId = state.me?.id;
  const scored: Array<{ item: SwitcherItem; score: number; recency: number }> = [];
  const directPartners = new Set<string>();
  for (const conversation of Object.values(state.conversations)) {
    const partner = directPartnerId(conversation, meId);
    if (partner) directPartners.add(partner);
    const score = matchScore(conversation.title, query);
    if (score === 0) continue;
    const presence = partner ? state.presences.get(partner) : undefined;
    scored.push({
      item: {
        kind: 'conversation',
        id: conversation.id,
        label: conversation.title,
        detail:
          conversation.kind === 'group'
            ? t('quickSwitcher.group', { count: conversation.memberIds.length })
            : t('quickSwitcher.chat', { status: statusWord(presence?.status ?? 'offline') }),
        avatarId: partner ?? conversation.id,
        group: conversation.kind === 'group',
        userId: partner,
      },
      score: score + 0.5,
      recency: conversationActivity(conversation),
    });
  }
  if (query.trim()) {
    const people = new Set([...state.contactIds, ...state.searches.switcher.resultIds]);
    for (const userId of people) {
      if (userId === meId || directPartners.has(userId)) continue;
      const user = state.users[userId];
      if (!user) continue;
      const score = Math.max(matchScore(user.name, query), matchScore(user.email, query) > 0 ? 1 : 0);
      if (score === 0) continue;
      const presence = state.presences.get(userId);
      scored.push({
        item: {
          kind: 'person',
          id: userId,
          label: displayName(user),
          detail: t('quickSwitcher.person', { status: statusWord(presence?.status ?? 'offline') }),
          avatarId: userId,
          group: false,
          userId,
        },
        score,
        recency: 0,
      });
    }
  }
  scored.sort(
    (a, b) => b.score - a.score || b.recency - a.recency || a.item.label.localeCompare(b.item.label),
  );
  return scored.slice(0, MAX_ITEMS).map((entry) => entry.item);
}

/** Ctrl/Cmd+K: jump to any conversation or person by typing part of a name. */
export function QuickSwitcher({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const openDirect = useOpenDirect();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const conversations = useAppStore((state) => state.conversations);
  const contactIds = useAppStore((state) => state.contactIds);
  const search = useAppStore((state) => state.searches.switcher);
  const users = useAppStore((state) => state.users);
  const presences = useAppStore((state) => state.presences);
  const presenceVersion = useAppStore((state) => state.presenceVersion);
  const me = useAppStore((state) => state.me);
  const searches = useAppStore((state) => state.searches);

  // biome-ignore lint/correctness/useExhaustiveDependencies: presences is updated in place; its version says when
  const items = useMemo(
    () => buildItems({ conversations, contactIds, users, presences, me, searches }, query, t),
    [conversations, contactIds, users, presences, presenceVersion, me, searches, query, t],
  );

  useEffect(() => {
    const timer = setTimeout(() => void client.searchDirectory('switcher', query), query.trim() ? 200 : 0);
    return () => clearTimeout(timer);
  }, [client, query]);

  useEffect(() => () => void client.searchDirectory('switcher', ''), [client]);

  const choose = (item: SwitcherItem | undefined) => {
    if (!item) return;
    onClose();
    if (item.kind === 'conversation') client.showConversation(item.id);
    else void openDirect(item.userId);
  };

  const activeIndex = Math.min(active, Math.max(0, items.length - 1));
  const optionId = (index: number) => `${listId}-option-${index}`;

  return (
    <Dialog
      title={t('quickSwitcher.title')}
      onClose={onClose}
      initialFocus={inputRef}
      hideTitle
      size="md"
      className="quick-switcher"
    >
      <input
        ref={inputRef}
        className="input quick-switcher__input"
        type="text"
        role="combobox"
        aria-label={t('quickSwitcher.inputLabel')}
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items.length > 0 ? optionId(activeIndex) : undefined}
        placeholder={t('quickSwitcher.placeholder')}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive((index) => (items.length ? (index + 1) % items.length : 0));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((index) => (items.length ? (index - 1 + items.length) % items.length : 0));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            choose(items[activeIndex]);
          }
        }}
      />
      <div
        id={listId}
        className="quick-switcher__list"
        role="listbox"
        aria-label={t('quickSwitcher.results')}
      >
        {items.map((item, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard (aria-activedescendant)
          <div
            key={`${item.kind}:${item.id}`}
            id={optionId(index)}
            role="option"
            tabIndex={-1}
            aria-selected={index === activeIndex}
            className="quick-switcher__option"
            onMouseMove={() => setActive(index)}
            onClick={() => choose(item)}
          >
            <Avatar
              id={item.avatarId}
              name={item.label}
              size="sm"
              group={item.group}
              status={item.userId ? (presences.get(item.userId)?.status ?? 'offline') : undefined}
            />
            <span className="quick-switcher__label">{item.label}</span>
            <span className="quick-switcher__detail">{item.detail}</span>
          </div>
        ))}
      </div>
      {items.length === 0 && (
        <p className="quick-switcher__empty muted" role="status">
          {query.trim()
            ? search.status === 'loading'
              ? t('quickSwitcher.searching')
              : t('quickSwitcher.noMatch', { query: query.trim() })
            : t('quickSwitcher.hint')}
        </p>
      )}
    </Dialog>
  );
}
