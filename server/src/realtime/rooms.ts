/** Room names kept per id beyond this many are dropped (and made again when needed). */
const MAX_NAMES = 100_000;

/**
 * One string per room: every socket in a user's presence room (50 per client in the
 * benchmark) then holds the same name, not a copy, and a message's fan-out makes none.
 */
function roomNames(prefix: string): (id: string) => string {
  const names = new Map<string, string>();
  return (id) => {
    let name = names.get(id);
    if (name === undefined) {
      if (names.size >= MAX_NAMES) names.clear();
      name = `${prefix}${id}`;
      names.set(id, name);
    }
    return name;
  };
}

const PRESENCE_PREFIX = 'presence:';

/** Every session of one user. */
export const userRoom = roomNames('user:');
/** Every session subscribed to one user's presence. */
export const presenceRoom = roomNames(PRESENCE_PREFIX);
/** Every socket opened with one bearer token (for logout). */
export const tokenRoom = (tokenKey: string) => `token:${tokenKey}`;

/** The users whose presence rooms are among `rooms` (a socket's): its presence subscriptions. */
export function presenceSubscriptions(rooms: Iterable<string>): Set<string> {
  const userIds = new Set<string>();
  for (const room of rooms)
    if (room.startsWith(PRESENCE_PREFIX)) userIds.add(room.slice(PRESENCE_PREFIX.length));
  return userIds;
}
