import { LIMITS } from '@beacon/protocol';
import type { AppStore, SearchScope } from '../store';
import type { RunCommand } from './command-runner';
import { describeError } from './errors';

/** Directory search and the contact list. */
export class People {
  constructor(
    private readonly store: AppStore,
    private readonly command: RunCommand,
  ) {}

  /** Searches the directory; results (or the error) land in the store under `scope`. */
  async searchDirectory(scope: SearchScope, rawQuery: string): Promise<void> {
    const query = rawQuery.trim().slice(0, LIMITS.queryMaxChars);
    const state = this.store.getState();
    if (!query) {
      state.clearSearch(scope);
      return;
    }
    state.startSearch(scope, query);
    try {
      const { users } = await this.command('directory:search', {
        query,
        limit: LIMITS.directoryDefaultLimit,
      });
      const meId = this.store.getState().me?.id;
      this.store.getState().setSearchResults(
        scope,
        query,
        users.filter((user) => user.id !== meId),
      );
    } catch (error) {
      this.store.getState().setSearchError(scope, query, describeError(error));
    }
  }

  async addContact(userId: string): Promise<void> {
    await this.command('contacts:add', { userId });
    const state = this.store.getState();
    const user = state.users[userId];
    if (user) state.addContactLocal(user);
    else await this.refreshContacts();
  }

  async removeContact(userId: string): Promise<void> {
    await this.command('contacts:remove', { userId });
    this.store.getState().removeContactLocal(userId);
  }

  async refreshContacts(): Promise<void> {
    const state = this.store.getState();
    if (state.contactsStatus !== 'ready') state.setContactsLoading();
    try {
      const { users } = await this.command('contacts:list', undefined);
      this.store.getState().setContacts(users);
    } catch (error) {
      if (this.store.getState().contactsStatus !== 'ready') {
        this.store.getState().setContactsError(describeError(error));
      }
    }
  }
}
