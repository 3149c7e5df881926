import type { User, UserWithPresence } from '@beacon/protocol';
import type { SliceCreator } from './types';

/** Where a directory search is shown; each one's results count as "on screen" for presence. */
export type SearchScope = 'sidebar' | 'switcher' | 'picker';

export interface SearchState {
  query: string;
  resultIds: string[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
}

export interface ContactsData {
  /** Every person the client has heard of (contacts, search results, self), by id. */
  users: Record<string, User>;
  contactIds: string[];
  contactsStatus: 'idle' | 'loading' | 'ready' | 'error';
  contactsError: string | null;
  searches: Record<SearchScope, SearchState>;
  /** Contact rows currently rendered by the virtualised list. */
  visibleContactIds: string[];
}

export interface ContactsSlice extends ContactsData {
  rememberUsers(users: readonly (User | UserWithPresence)[]): void;
  setContactsLoading(): void;
  setContacts(users: readonly UserWithPresence[]): void;
  setContactsError(message: string): void;
  addContactLocal(user: User | UserWithPresence): void;
  removeContactLocal(userId: string): void;
  startSearch(scope: SearchScope, query: string): void;
  setSearchResults(scope: SearchScope, query: string, users: readonly UserWithPresence[]): void;
  setSearchError(scope: SearchScope, query: string, message: string): void;
  clearSearch(scope: SearchScope): void;
  setVisibleContacts(userIds: string[]): void;
}

const idleSearch = (): SearchState => ({ query: '', resultIds: [], status: 'idle', error: null });

export const initialContactsData = (): ContactsData => ({
  users: {},
  contactIds: [],
  contactsStatus: 'idle',
  contactsError: null,
  searches: { sidebar: idleSearch(), switcher: idleSearch(), picker: idleSearch() },
  visibleContactIds: [],
});

function withPresence(users: readonly (User | UserWithPresence)[]) {
  return users.flatMap((user) => ('presence' in user ? [user.presence] : []));
}

function sameUser(a: User | undefined, b: User): boolean {
  return a !== undefined && a.name === b.name && a.email === b.email && a.kind === b.kind;
}

export const createContactsSlice: SliceCreator<ContactsSlice> = (set, get) => ({
  ...initialContactsData(),
  rememberUsers: (list) => {
    const current = get().users;
    let next: Record<string, User> | null = null;
    for (const user of list) {
      if (sameUser(current[user.id], user)) continue;
      next ??= { ...current };
      // Only bots carry a kind (the "Bot" badge).
      next[user.id] = {
        id: user.id,
        email: user.email,
        name: user.name,
        ...(user.kind === 'bot' ? { kind: 'bot' } : {}),
      };
    }
    if (next) set({ users: next });
    get().applyPresences(withPresence(list));
  },
  setContactsLoading: () => set({ contactsStatus: 'loading', contactsError: null }),
  setContacts: (list) => {
    get().rememberUsers(list);
    set({ contactIds: list.map((user) => user.id), contactsStatus: 'ready', contactsError: null });
  },
  setContactsError: (message) => set({ contactsStatus: 'error', contactsError: message }),
  addContactLocal: (user) => {
    get().rememberUsers([user]);
    const { contactIds } = get();
    if (!contactIds.includes(user.id)) set({ contactIds: [...contactIds, user.id] });
  },
  removeContactLocal: (userId) => {
    const { contactIds } = get();
    if (contactIds.includes(userId)) set({ contactIds: contactIds.filter((id) => id !== userId) });
  },
  startSearch: (scope, query) => {
    const previous = get().searches[scope];
    set({
      searches: {
        ...get().searches,
        [scope]: { query, resultIds: previous.resultIds, status: 'loading', error: null },
      },
    });
  },
  setSearchResults: (scope, query, list) => {
    if (get().searches[scope].query !== query) return;
    get().rememberUsers(list);
    set({
      searches: {
        ...get().searches,
        [scope]: { query, resultIds: list.map((user) => user.id), status: 'ready', error: null },
      },
    });
  },
  setSearchError: (scope, query, message) => {
    if (get().searches[scope].query !== query) return;
    set({
      searches: { ...get().searches, [scope]: { query, resultIds: [], status: 'error', error: message } },
    });
  },
  clearSearch: (scope) => {
    if (get().searches[scope].status === 'idle' && get().searches[scope].query === '') return;
    set({ searches: { ...get().searches, [scope]: idleSearch() } });
  },
  setVisibleContacts: (userIds) => {
    const current = get().visibleContactIds;
    if (current.length === userIds.length && current.every((id, i) => id === userIds[i])) return;
    set({ visibleContactIds: userIds });
  },
});
