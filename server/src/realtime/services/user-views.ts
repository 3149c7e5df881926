import type { UserWithPresence } from '@beacon/protocol';
import { toUser } from '../../accounts/public-user';
import type { PresenceService } from '../../presence/service';
import type { UserRecord } from '../../store/types';

export function toUserWithPresence(
  presence: PresenceService,
  viewerId: string,
  record: UserRecord,
): UserWithPresence {
  return { ...toUser(record), presence: presence.viewFor(viewerId, record.id) };
}
