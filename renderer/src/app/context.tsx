import { createContext, type ReactNode, useContext } from 'react';
import type { DesktopBridge } from '../bridge';
import type { BeaconClient } from '../socket';

const BridgeContext = createContext<DesktopBridge | null>(null);
const ClientContext = createContext<BeaconClient | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: DesktopBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function ClientProvider({ client, children }: { client: BeaconClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useBridge(): DesktopBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge must be used inside <BridgeProvider>');
  return bridge;
}

/** The signed-in session's client: the UI's only way to reach the server. */
export function useClient(): BeaconClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient must be used inside <ClientProvider>');
  return client;
}
