import { LIMITS, ProtocolError, type UserWithPresence } from '@beacon/protocol';
import type { PresenceService } from '../../presence/service';
import type { Store, UserRecord } from '../../store/types';
import { toUserWithPresence } from './user-views';

/** The organisation's directory and each user's contact list, with presence. */
export class DirectoryService {
  constructor(
    private readonly store: Store,
    private readonly presence: PresenceService,
  ) {}

  /** Enabled users whose name or e-mail contains `query`; an empty query browses the directory by name. */
  async search(viewerId: string, query: string, limit?: number): Promise<UserWithPresence[]> {
    const max = Math.min(limit ?? LIMITS.directoryDefaultLimit, LIMITS.directoryMaxLimit);
    const users = await this.store.users.search(query.trim(), max);
    return this.withPresence(viewerId, users);
  }

  /** The viewer's contacts in the order added; disabled accounts are left out. */
  async contacts(ownerId: string): Promise<UserWithPresence[]> {
    const ids = await this.store.contacts.list(ownerId);
    const users = await this.store.users.byIds(ids);
    return this.withPresence(
      ownerId,
      users.filter((user) => !user.disabled),
    );
  }

  async addContact(ownerId: string, contactId: string): Promise<void> {
    if (contactId === ownerId)
      throw new ProtocolError('invalid', 'userId: you cannot add yourself as a contact');
    const contact = await this.store.users.byId(contactId);
    if (!contact || contact.disabled) throw new ProtocolError('not_found', `userId: no user ${contactId}`);
    await this.store.contacts.add(ownerId, contactId);
  }

  /** Idempotent: removing someone who is not a contact succeeds. */
  async removeContact(ownerId: string, contactId: string): Promise<void> {
    await this.store.contacts.remove(ownerId, contactId);
  }

  /** Presences of the given users as the viewer sees them; unknown ids are left out. */
  async presences(viewerId: string, userIds: readonly string[]) {
    const users = await this.store.users.byIds(userIds);
    return users.map((user) => this.presence.viewFor(viewerId, user.id));
  }

  private withPresence(viewerId: string, users: UserRecord[]): UserWithPresence[] {
    return users.map((user) => toUserWithPresence(this.presence, viewerId, user));
  }
}
