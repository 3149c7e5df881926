import { createContext, type ReactNode, useContext } from 'react';
import { type DraftStorage, InMemoryDraftStorage } from './draft-storage';

const fallback = new InMemoryDraftStorage();
const DraftsContext = createContext<DraftStorage>(fallback);

export function DraftsProvider({ storage, children }: { storage: DraftStorage; children: ReactNode }) {
  return <DraftsContext.Provider value={storage}>{children}</DraftsContext.Provider>;
}

/** The signed-in account's draft storage (in memory when none was provided). */
export function useDraftStorage(): DraftStorage {
  return useContext(DraftsContext);
}
