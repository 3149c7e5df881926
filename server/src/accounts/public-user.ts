import type { User } from '@beacon/protocol';
import type { UserRecord } from '../store/types';

/** The public fields of a user, as the wire carries them; never the password hash. */
export function toUser(record: UserRecord): User {
  const user: User = { id: record.id, email: record.email, name: record.name };
  // Bots are marked in every user payload; people carry no kind (as before v2).
  if (record.kind === 'bot') user.kind = 'bot';
  return user;
}
