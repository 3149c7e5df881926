import { createStore, type StoreApi } from 'zustand/vanilla';
import { createConnectionSlice, initialConnectionData } from './connection-slice';
import { createContactsSlice, initialContactsData } from './contacts-slice';
import { createConversationsSlice, initialConversationsData } from './conversations-slice';
import { createMessagesSlice, initialMessagesData } from './messages-slice';
import { createMessagingV2Slice, initialMessagingV2Data } from './messaging-v2-slice';
import { createOwnPresenceSlice, initialOwnPresenceData } from './own-presence-slice';
import { createPresenceSlice, initialPresenceData } from './presence-slice';
import { createSessionSlice, initialSessionData } from './session-slice';
import type { AppState } from './types';

export type AppStore = StoreApi<AppState>;

/** One store per app window; `reset()` empties it on sign-out. */
export function createAppStore(): AppStore {
  return createStore<AppState>()((set, get, api) => ({
    ...createSessionSlice(set, get, api),
    ...createConnectionSlice(set, get, api),
    ...createPresenceSlice(set, get, api),
    ...createOwnPresenceSlice(set, get, api),
    ...createContactsSlice(set, get, api),
    ...createConversationsSlice(set, get, api),
    ...createMessagesSlice(set, get, api),
    ...createMessagingV2Slice(set, get, api),
    reset: () =>
      set({
        ...initialSessionData(),
        ...initialConnectionData(),
        ...initialPresenceData(),
        ...initialOwnPresenceData(),
        ...initialContactsData(),
        ...initialConversationsData(),
        ...initialMessagesData(),
        ...initialMessagingV2Data(),
      }),
  }));
}

export type { ConnectionStatus } from './connection-slice';
export type { SearchScope, SearchState } from './contacts-slice';
export type { OutboxItem, Timeline } from './messages-slice';
export type { JumpTarget, MessageSearchHit, MessageSearchState } from './messaging-v2-slice';
export { mentionCount } from './messaging-v2-slice';
export type { PresenceAlert } from './own-presence-slice';
export type { AppState } from './types';
