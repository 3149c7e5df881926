import { describe, expect, it } from 'vitest';
import { presenceOf } from '../test/fake-server';
import { createAppStore } from './index';

const person = (id: string, name: string, status: 'available' | 'busy' | 'offline' = 'available') => ({
  id,
  name,
  email: `${id}@acme.test`,
  presence: presenceOf(id, status),
});

describe('contacts slice', () => {
  it('stores contacts with their users and presences', () => {
    const store = createAppStore();
    store.getState().setContacts([person('b', 'Bob', 'busy'), person('c', 'Carol')]);
    const state = store.getState();
    expect(state.contactIds).toEqual(['b', 'c']);
    expect(state.users.b).toEqual({ id: 'b', name: 'Bob', email: 'b@acme.test' });
    expect(state.presences.get('b')?.status).toBe('busy');
    expect(state.contactsStatus).toBe('ready');
  });

  it('adds and removes contacts locally without duplicates', () => {
    const store = createAppStore();
    store.getState().addContactLocal(person('b', 'Bob'));
    store.getState().addContactLocal(person('b', 'Bob'));
    expect(store.getState().contactIds).toEqual(['b']);
    store.getState().removeContactLocal('b');
    expect(store.getState().contactIds).toEqual([]);
  });

  it('keeps only the results of the latest query of a search', () => {
    const store = createAppStore();
    store.getState().startSearch('sidebar', 'bo');
    store.getState().startSearch('sidebar', 'bob');
    store.getState().setSearchResults('sidebar', 'bo', [person('x', 'Boris')]);
    expect(store.getState().searches.sidebar).toMatchObject({ query: 'bob', status: 'loading' });
    store.getState().setSearchResults('sidebar', 'bob', [person('b', 'Bob')]);
    expect(store.getState().searches.sidebar).toMatchObject({
      query: 'bob',
      status: 'ready',
      resultIds: ['b'],
    });
    store.getState().setSearchError('switcher', 'zz', 'late');
    expect(store.getState().searches.switcher.status).toBe('idle');
    store.getState().clearSearch('sidebar');
    expect(store.getState().searches.sidebar).toMatchObject({ query: '', status: 'idle', resultIds: [] });
  });

  it('does not replace the users map when nothing changed', () => {
    const store = createAppStore();
    store.getState().rememberUsers([person('b', 'Bob')]);
    const users = store.getState().users;
    store.getState().rememberUsers([{ id: 'b', name: 'Bob', email: 'b@acme.test' }]);
    expect(store.getState().users).toBe(users);
  });

  it('records the visible contact rows only when they change', () => {
    const store = createAppStore();
    store.getState().setVisibleContacts(['a', 'b']);
    const first = store.getState().visibleContactIds;
    store.getState().setVisibleContacts(['a', 'b']);
    expect(store.getState().visibleContactIds).toBe(first);
  });
});
