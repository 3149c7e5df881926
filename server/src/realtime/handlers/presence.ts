import { handleEvent } from '../handler';
import { enforceRateLimit, SESSION_RATE_LIMITS, TokenBucket } from '../rate-limit';
import { presenceRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

export function registerPresenceHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { logger, presence, directory } = services;
  const subscribeLimit = new TokenBucket(SESSION_RATE_LIMITS.presenceSubscribe);

  handleEvent(socket, 'presence:set', logger, ({ user }, payload) => ({
    presence: presence.set(user.id, socket.id, payload),
  }));

  // The new set replaces the session's previous one; unknown ids are dropped.
  handleEvent(socket, 'presence:subscribe', logger, async ({ user }, { userIds }) => {
    enforceRateLimit(subscribeLimit, 'presence subscriptions');
    const presences = await directory.presences(user.id, userIds);
    const wanted = new Set(presences.map((p) => p.userId));
    const previous = socket.data.presenceSubscriptions;
    for (const id of previous) if (!wanted.has(id)) void socket.leave(presenceRoom(id));
    void socket.join([...wanted].filter((id) => !previous.has(id)).map(presenceRoom));
    socket.data.presenceSubscriptions = wanted;
    return { presences };
  });
}
