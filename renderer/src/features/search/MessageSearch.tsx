import { snippetParts } from '@beacon/protocol';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useClient } from '../../app/context';
import { Dialog } from '../../components/Dialog';
import { useTranslation } from '../../i18n';
import { formatListTime } from '../../lib/time';
import type { MessageSearchHit } from '../../store';
import { useAppStore, useStoreApi } from '../../store/react';
import { displayName } from '../../store/selectors';
import './search.css';

const DEBOUNCE_MS = 250;

function HitRow({
  hit,
  id,
  active,
  onPick,
}: {
  hit: MessageSearchHit;
  id: string;
  active: boolean;
  onPick(): void;
}) {
  const { t } = useTranslation();
  const sender = useAppStore((state) => state.users[hit.message.senderId]);
  const conversation = useAppStore((state) => state.conversations[hit.message.conversationId]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the search box's arrows and Enter pick results (aria-activedescendant)
    <div id={id} role="option" aria-selected={active} tabIndex={-1} className="search-hit" onClick={onPick}>
      <span className="search-hit__meta">
        <strong>
          {displayName(
            sender,
            conversation?.kind === 'direct' ? conversation.title : t('search.unknownPerson'),
          )}
        </strong>
        {conversation && <span>{t('search.inTitle', { title: conversation.title })}</span>}
        <span className="search-hit__time"> · {formatListTime(hit.message.sentAt, Date.now())}</span>
      </span>
      <span className="search-hit__snippet">
        {snippetParts(hit.snippet).map((part, index) =>
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are positional
          part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
        )}
      </span>
    </div>
  );
}

/** Ctrl+F (this conversation) and Ctrl+Shift+F (everywhere): results with highlighted snippets; Enter jumps. */
export function MessageSearch() {
  const client = useClient();
  const { t } = useTranslation();
  const store = useStoreApi();
  const search = useAppStore((state) => state.messageSearch);
  const scopeTitle = useAppStore((state) =>
    search.conversationId ? state.conversations[search.conversationId]?.title : null,
  );
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    const timer = setTimeout(() => void client.searchMessages(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [client, text]);

  const close = () => store.getState().closeMessageSearch();
  const pick = (hit: MessageSearchHit | undefined) => {
    if (!hit) return;
    close();
    void client.historyAround(hit.message.conversationId, hit.message.seq).catch(() => undefined);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = search.hits.length;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      setActive((active + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      setActive((active - 1 + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick(search.hits[active]);
    }
  };
  const title = scopeTitle ? t('search.inConversation', { title: scopeTitle }) : t('search.everywhere');
  const typing = text.trim() !== search.query;
  return (
    <Dialog title={title} onClose={close} initialFocus={input} className="message-search">
      <input
        ref={input}
        className="input"
        type="search"
        aria-label={title}
        placeholder={t('search.placeholder')}
        role="combobox"
        aria-expanded={search.hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={search.hits[active] ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="message-search__status" role="status">
        {!text.trim()
          ? ''
          : search.status === 'error'
            ? search.error
            : typing || search.status === 'loading'
              ? t('search.searching')
              : search.hits.length === 0
                ? t('search.noMatch', { query: search.query })
                : t('search.hits', { count: search.hits.length })}
      </p>
      <div id={listId} role="listbox" aria-label={t('search.results')} className="message-search__results">
        {search.hits.map((hit, index) => (
          <HitRow
            key={hit.message.id}
            id={`${listId}-${index}`}
            hit={hit}
            active={index === active}
            onPick={() => pick(hit)}
          />
        ))}
      </div>
    </Dialog>
  );
}
