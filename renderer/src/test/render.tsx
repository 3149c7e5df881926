import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { vi } from 'vitest';
import { BridgeProvider, ClientProvider } from '../app/context';
import { ToastProvider } from '../app/toasts';
import { BeaconClient } from '../socket';
import { createAppStore } from '../store';
import { StoreProvider } from '../store/react';
import { FakeBridge } from './fake-bridge';
import { ALICE, FakeServer } from './fake-server';
import { FakeSocket } from './fake-socket';

/**
 * A signed-in app context for component tests: store, fake socket + server, a client that is
 * connected and ready, a fake bridge, and a Virtuoso that renders rows in jsdom.
 */
export async function setupSignedIn(options: { protocol?: 1 | 2; recordingNotice?: string | null } = {}) {
  const store = createAppStore();
  const socket = new FakeSocket();
  const server = new FakeServer(socket);
  server.protocol = options.protocol ?? 1;
  server.recordingNotice = options.recordingNotice;
  const bridge = new FakeBridge();
  const client = new BeaconClient({
    store,
    serverUrl: socket.serverUrl,
    token: socket.token,
    transport: () => socket,
    isAttentive: () => true,
    timing: { presenceBatchMs: 1, presenceDebounceMs: 1, commandTimeoutMs: 500 },
  });
  store.getState().startSession(socket.serverUrl, ALICE);
  client.start();
  socket.open(server.ready());
  await vi.waitFor(() => {
    if (store.getState().contactsStatus !== 'ready' || store.getState().conversationsStatus !== 'ready') {
      throw new Error('not ready');
    }
  });
  const wrap = (ui: ReactNode) => (
    <BridgeProvider bridge={bridge}>
      <StoreProvider store={store}>
        <ClientProvider client={client}>
          <ToastProvider>
            <VirtuosoMockContext.Provider value={{ viewportHeight: 2_000, itemHeight: 48 }}>
              {ui}
            </VirtuosoMockContext.Provider>
          </ToastProvider>
        </ClientProvider>
      </StoreProvider>
    </BridgeProvider>
  );
  return {
    store,
    socket,
    server,
    bridge,
    client,
    renderUi: (ui: ReactNode) => render(wrap(ui)),
  };
}

/**
 * Virtuoso keeps a list that starts at its last item hidden until a scroll event confirms the
 * position; jsdom never scrolls by itself, so tests nudge every scroller until the lists show.
 */
export async function settleVirtuoso(root: ParentNode = document): Promise<void> {
  const hidden = () =>
    [...root.querySelectorAll<HTMLElement>('[data-testid="virtuoso-item-list"]')].some(
      (list) => list.style.visibility === 'hidden',
    );
  for (let round = 0; round < 30 && (round < 2 || hidden()); round += 1) {
    await act(async () => {
      for (const scroller of root.querySelectorAll('[data-virtuoso-scroller]'))
        scroller.dispatchEvent(new Event('scroll'));
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
}
