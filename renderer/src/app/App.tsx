import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DesktopBridge, StoredSession } from '../bridge';
import { BeaconLogo } from '../components/BeaconLogo';
import { LiveAnnouncerProvider } from '../components/LiveAnnouncer';
import { login, logout } from '../features/auth/api';
import { type SignInInput, SignInScreen } from '../features/auth/SignInScreen';
import { type DraftStorage, InMemoryDraftStorage } from '../features/drafts/draft-storage';
import { DraftsProvider } from '../features/drafts/drafts-context';
import { openDraftStorage } from '../features/drafts/indexeddb-draft-storage';
import { openOutboxStorage } from '../features/outbox/indexeddb-outbox-storage';
import { i18n, useLanguageSetting } from '../i18n';
import { BeaconClient, type SessionEndReason, type TransportFactory } from '../socket';
import { type AppStore, createAppStore } from '../store';
import { StoreProvider } from '../store/react';
import { BridgeProvider, ClientProvider } from './context';
import { reportIncomingMessage, useHostSync } from './host-sync';
import { MainScreen } from './MainScreen';
import { ToastProvider } from './toasts';

export interface AppProps {
  bridge: DesktopBridge;
  store?: AppStore;
  /** For tests: a fake socket instead of socket.io. */
  transport?: TransportFactory;
  /** For tests: a fake HTTP client for sign-in. */
  fetchImpl?: typeof fetch;
}

type Phase =
  | { kind: 'starting' }
  | { kind: 'signed-out'; notice: string | null; email: string }
  | { kind: 'signed-in'; session: StoredSession };

function endNotice(reason: SessionEndReason): string {
  return i18n.t(`app.sessionEnded.${reason}`);
}

function isExpired(session: StoredSession): boolean {
  return session.expiresAt !== null && session.expiresAt <= Date.now();
}

function HostSync({
  bridge,
  store,
  client,
}: {
  bridge: DesktopBridge;
  store: AppStore;
  client: BeaconClient;
}) {
  useHostSync(bridge, store, client);
  return null;
}

interface SignedInProps {
  session: StoredSession;
  store: AppStore;
  bridge: DesktopBridge;
  transport: TransportFactory | undefined;
  onSignOut(client: BeaconClient): void;
  onSessionEnded(reason: SessionEndReason): void;
}

function SignedIn({ session, store, bridge, transport, onSignOut, onSessionEnded }: SignedInProps) {
  const [client, setClient] = useState<BeaconClient | null>(null);
  // Per account, in IndexedDB so drafts survive a reload; in memory where there is none (some test hosts).
  const drafts = useMemo<DraftStorage>(
    () => (typeof indexedDB === 'undefined' ? new InMemoryDraftStorage() : openDraftStorage(session)),
    [session],
  );
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;

  useEffect(() => {
    const instance = new BeaconClient({
      store,
      serverUrl: session.serverUrl,
      token: session.token,
      ...(transport ? { transport } : {}),
      // Kept in IndexedDB so unsent messages survive a restart; absent in some test hosts.
      ...(typeof indexedDB === 'undefined' ? {} : { outboxStorage: openOutboxStorage(session) }),
      onSessionEnded: (reason) => ended.current(reason),
      onIncomingMessage: (message) => reportIncomingMessage(bridge, store, message),
    });
    instance.start();
    setClient(instance);
    return () => instance.stop();
  }, [session, store, bridge, transport]);

  if (!client) return null;
  return (
    <ClientProvider client={client}>
      <DraftsProvider storage={drafts}>
        <HostSync bridge={bridge} store={store} client={client} />
        <LiveAnnouncerProvider>
          <MainScreen onSignOut={() => onSignOut(client)} />
        </LiveAnnouncerProvider>
      </DraftsProvider>
    </ClientProvider>
  );
}

/** The root: restores the saved session or shows sign-in, and switches between the two. */
export function App({ bridge, store: givenStore, transport, fetchImpl }: AppProps) {
  useLanguageSetting(bridge);
  const [store] = useState(() => givenStore ?? createAppStore());
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [server, setServer] = useState({ url: '', locked: false });

  useEffect(() => {
    let live = true;
    void (async () => {
      const [defaults, settings, saved] = await Promise.all([
        bridge.getConnectionDefaults().catch(() => ({ serverUrl: null, serverUrlLocked: false })),
        bridge.getSettings().catch(() => null),
        bridge.loadSession().catch(() => null),
      ]);
      if (!live) return;
      const locked = defaults.serverUrlLocked && Boolean(defaults.serverUrl);
      const url = (locked ? defaults.serverUrl : (settings?.values.serverUrl ?? defaults.serverUrl)) ?? '';
      setServer({ url, locked });
      const usable = saved && !isExpired(saved) && (!locked || saved.serverUrl === defaults.serverUrl);
      if (saved && usable) {
        store
          .getState()
          .startSession(saved.serverUrl, { id: saved.userId, email: saved.email, name: saved.email });
        setPhase({ kind: 'signed-in', session: saved });
        return;
      }
      if (saved) await bridge.clearSession().catch(() => undefined);
      setPhase({
        kind: 'signed-out',
        notice: saved ? endNotice('expired') : null,
        email: saved?.email ?? '',
      });
    })();
    return () => {
      live = false;
    };
  }, [bridge, store]);

  const signIn = useCallback(
    async ({ serverUrl, email, password }: SignInInput) => {
      const result = await login(serverUrl, email, password, fetchImpl);
      const session: StoredSession = {
        serverUrl,
        token: result.token,
        userId: result.user.id,
        email: result.user.email,
        expiresAt: result.expiresAt ?? null,
      };
      await bridge.saveSession(session).catch(() => undefined);
      if (!server.locked) bridge.updateSettings({ serverUrl }).catch(() => undefined);
      setServer((current) => ({ ...current, url: serverUrl }));
      store.getState().reset();
      store.getState().startSession(serverUrl, result.user);
      setPhase({ kind: 'signed-in', session });
    },
    [bridge, store, fetchImpl, server.locked],
  );

  const signOut = useCallback(
    (client: BeaconClient) => {
      if (phase.kind !== 'signed-in') return;
      const { session } = phase;
      client.stop();
      void logout(session.serverUrl, session.token, fetchImpl);
      void bridge.clearSession().catch(() => undefined);
      store.getState().reset();
      setPhase({ kind: 'signed-out', notice: null, email: session.email });
    },
    [phase, bridge, store, fetchImpl],
  );

  const sessionEnded = useCallback(
    (reason: SessionEndReason) => {
      void bridge.clearSession().catch(() => undefined);
      const email = store.getState().me?.email ?? '';
      store.getState().reset();
      setPhase({ kind: 'signed-out', notice: endNotice(reason), email });
    },
    [bridge, store],
  );

  return (
    <BridgeProvider bridge={bridge}>
      <StoreProvider store={store}>
        <ToastProvider>
          {phase.kind === 'starting' && (
            <div className="splash" aria-busy="true">
              <BeaconLogo size={48} />
            </div>
          )}
          {phase.kind === 'signed-out' && (
            <SignInScreen
              key={phase.notice ?? 'sign-in'}
              initialServerUrl={server.url}
              serverUrlLocked={server.locked}
              initialEmail={phase.email}
              notice={phase.notice}
              onSignIn={signIn}
            />
          )}
          {phase.kind === 'signed-in' && (
            <SignedIn
              session={phase.session}
              store={store}
              bridge={bridge}
              transport={transport}
              onSignOut={signOut}
              onSessionEnded={sessionEnded}
            />
          )}
        </ToastProvider>
      </StoreProvider>
    </BridgeProvider>
  );
}
