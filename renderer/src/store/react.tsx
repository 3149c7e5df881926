import type { Presence, User } from '@beacon/protocol';
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './index';
import type { AppState } from './types';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStoreApi must be used inside <StoreProvider>');
  return store;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}

/** Re-renders only when this one person's presence changes. */
export function usePresence(userId: string | null | undefined): Presence | undefined {
  return useAppStore((state) => (userId ? state.presences.get(userId) : undefined));
}

export function useUser(userId: string | null | undefined): User | undefined {
  return useAppStore((state) => (userId ? state.users[userId] : undefined));
}
