import type { UserWithPresence } from '@beacon/protocol';
import { toUser } from '../../accounts/public-user';
import type { PresenceEngine } from '../../presence/engine';
import type { UserRecord } from '../../store/types';

export function toUserWithPresence(
  presence: PresenceEngine,
  viewerId: string,
  record: UserRecord,
): UserWithPresence {
  return { ...toUser(record), presence: presence.viewFor(viewerId, record.id) };
}
