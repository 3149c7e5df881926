import { handleEvent } from '../handler';
import { enforceRateLimit, SESSION_RATE_LIMITS, TokenBucket } from '../rate-limit';
import { presenceRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

export function registerPresenceHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { logger, presence, directory, alerts } = services;
  const subscribeLimit = new TokenBucket(SESSION_RATE_LIMITS.presenceSubscribe);

  // Choices are acknowledged once written, so an `ok` survives a server restart.
  handleEvent(socket, 'presence:set', logger, async ({ user }, payload) => {
    const own = presence.set(user.id, socket.id, payload);
    await presence.whenPersisted();
    return { presence: own };
  });

  handleEvent(socket, 'device:activity', logger, ({ user }, payload) => ({
    presence: presence.reportDevice(user.id, socket.id, payload),
  }));

  handleEvent(socket, 'presence:out-of-office', logger, async ({ user }, payload) => {
    const own = presence.setOutOfOffice(
      user.id,
      'clear' in payload ? null : { from: payload.from, to: payload.to, message: payload.message ?? null },
    );
    await presence.whenPersisted();
    return { presence: own };
  });

  handleEvent(socket, 'presence:watch', logger, async ({ user }, { userId }) => {
    await alerts.watch(user.id, userId);
    return {};
  });

  handleEvent(socket, 'presence:unwatch', logger, ({ user }, { userId }) => {
    alerts.unwatch(user.id, userId);
    return {};
  });

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
