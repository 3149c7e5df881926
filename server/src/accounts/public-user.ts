import type { User } from '@beacon/protocol';
import type { UserRecord } from '../store/types';

/** The public fields of a user, as the wire carries them; never the password hash. */
export function toUser(record: UserRecord): User {
  return { id: record.id, email: record.email, name: record.name };
}
