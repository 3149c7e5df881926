import { handleEvent } from '../handler';
import { enforceRateLimit, SESSION_RATE_LIMITS, TokenBucket } from '../rate-limit';
import { presenceRoom, presenceSubscriptions } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

export function registerPresenceHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { presence, directory, alerts } = services;
  const subscribeLimit = new TokenBucket(SESSION_RATE_LIMITS.presenceSubscribe);

  // Choices are acknowledged once written, so an `ok` survives a server restart.
  handleEvent(socket, 'presence:set', services, async ({ user }, payload) => {
    const own = await presence.set(user.id, socket.id, payload);
    await presence.whenPersisted();
    return { presence: own };
  });

  handleEvent(socket, 'device:activity', services, async ({ user }, payload) => ({
    presence: await presence.reportDevice(user.id, socket.id, payload),
  }));

  handleEvent(socket, 'presence:out-of-office', services, async ({ user }, payload) => {
    const own = await presence.setOutOfOffice(
      user.id,
      'clear' in payload ? null : { from: payload.from, to: payload.to, message: payload.message ?? null },
    );
    await presence.whenPersisted();
    return { presence: own };
  });

  handleEvent(socket, 'presence:watch', services, async ({ user }, { userId }) => {
    await alerts.watch(user.id, userId);
    return {};
  });

  handleEvent(socket, 'presence:unwatch', services, ({ user }, { userId }) => {
    alerts.unwatch(user.id, userId);
    return {};
  });

  // The new set replaces the session's previous one; unknown ids are dropped.
  handleEvent(socket, 'presence:subscribe', services, async ({ user }, { userIds }) => {
    enforceRateLimit(subscribeLimit, 'presence subscriptions');
    const presences = await directory.presences(user.id, userIds);
    const wanted = new Set(presences.map((p) => p.userId));
    // The socket's rooms are its subscriptions: no second set of ids per session.
    const previous = presenceSubscriptions(socket.rooms);
    for (const id of previous) if (!wanted.has(id)) void socket.leave(presenceRoom(id));
    void socket.join([...wanted].filter((id) => !previous.has(id)).map(presenceRoom));
    return { presences };
  });
}
