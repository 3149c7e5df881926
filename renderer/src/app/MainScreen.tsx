import { useEffect, useState } from 'react';
import { BeaconLogo } from '../components/BeaconLogo';
import { ConnectionBanner } from '../features/connection/ConnectionBanner';
import { ContactList } from '../features/contacts/ContactList';
import { ConversationList } from '../features/conversations/ConversationList';
import { ConversationPane } from '../features/conversations/ConversationPane';
import { NewGroupDialog } from '../features/conversations/NewGroupDialog';
import { DirectorySearch } from '../features/directory/DirectorySearch';
import { SearchResults } from '../features/directory/SearchResults';
import { RecordingNoticeBanner } from '../features/notices/RecordingNoticeBanner';
import { MyStatus } from '../features/presence/MyStatus';
import { PresenceAlerts } from '../features/presence/PresenceAlerts';
import { usePresenceAnnouncements } from '../features/presence/use-presence-announcements';
import { QuickSwitcher } from '../features/quick-switcher/QuickSwitcher';
import { MessageSearch } from '../features/search/MessageSearch';
import { SettingsDialog } from '../features/settings/SettingsDialog';
import { Trans, useTranslation } from '../i18n';
import { useAppStore, useStoreApi } from '../store/react';
import { useFocusAfterSignIn, useMessageLinks } from './main-screen-effects';
import './shell.css';

type OpenDialog = 'switcher' | 'settings' | 'group' | null;

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const SWITCHER_KEYS = isMac ? '⌘K' : 'Ctrl+K';

function Welcome() {
  const { t } = useTranslation();
  const name = useAppStore((state) => state.me?.name.split(' ')[0]);
  return (
    <div className="pane-empty">
      <BeaconLogo size={44} />
      <h2>{name ? t('app.welcomeName', { name }) : t('app.welcome')}</h2>
      <p>
        <Trans i18nKey="app.welcomeHint" values={{ keys: SWITCHER_KEYS }} components={{ kbd: <kbd /> }} />
      </p>
    </div>
  );
}

/** The signed-in layout: my status, search, conversations and contacts on the left; the conversation on the right. */
export function MainScreen({ onSignOut }: { onSignOut(): void }) {
  const { t } = useTranslation();
  const activeId = useAppStore((state) => state.activeConversationId);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [query, setQuery] = useState('');

  const store = useStoreApi();
  const searching = useAppStore((state) => state.messageSearch.open);
  useFocusAfterSignIn();
  useMessageLinks();
  usePresenceAnnouncements();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'k') {
        event.preventDefault();
        setDialog((open) => (open === 'switcher' ? null : 'switcher'));
      } else if (key === 'f') {
        // Ctrl+F searches the open conversation; Ctrl+Shift+F (or no conversation) searches everywhere.
        event.preventDefault();
        const state = store.getState();
        state.openMessageSearch(event.shiftKey ? null : state.activeConversationId);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  const close = () => setDialog(null);
  return (
    <div className="app-shell">
      <ConnectionBanner />
      <RecordingNoticeBanner />
      <PresenceAlerts />
      <div className="app-shell__body">
        <nav className="sidebar" aria-label={t('app.sidebar')}>
          <MyStatus onOpenSettings={() => setDialog('settings')} onSignOut={onSignOut} />
          <DirectorySearch query={query} onQueryChange={setQuery} />
          {query.trim() ? (
            <SearchResults scope="sidebar" pendingQuery={query} onOpened={() => setQuery('')} />
          ) : (
            <div className="sidebar__lists">
              <ConversationList onNewGroup={() => setDialog('group')} />
              <ContactList />
            </div>
          )}
          <button type="button" className="sidebar__footer" onClick={() => setDialog('switcher')}>
            <kbd>{SWITCHER_KEYS}</kbd> {t('app.jump')}
          </button>
        </nav>
        <main className="main-pane">
          {activeId ? <ConversationPane conversationId={activeId} /> : <Welcome />}
        </main>
      </div>
      {dialog === 'switcher' && <QuickSwitcher onClose={close} />}
      {dialog === 'settings' && <SettingsDialog onClose={close} />}
      {dialog === 'group' && <NewGroupDialog onClose={close} />}
      {searching && <MessageSearch />}
    </div>
  );
}
