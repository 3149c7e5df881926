import type { User, UserWithPresence } from '@beacon/protocol';
import type { PresenceEngine } from '../../presence/engine';
import type { UserRecord } from '../../store/types';

/** The public fields of a user; never the password hash. */
export function toUser(record: UserRecord): User {
  return { id: record.id, email: record.email, name: record.name };
}

export function toUserWithPresence(
  presence: PresenceEngine,
  viewerId: string,
  record: UserRecord,
): UserWithPresence {
  return { ...toUser(record), presence: presence.viewFor(viewerId, record.id) };
}
