import { handleEvent } from '../handler';
import { userRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { ChangedMessage } from '../services/message-changes';
import type { BeaconSocket } from '../types';

/**
 * Messages v2: `message:edit`, `message:delete`, `reaction:add`, `reaction:remove`. Each
 * change is durable before its ack; `message:updated` then goes to every member's sessions
 * (the acting one included). A repeat that changes nothing is acknowledged and tells nobody.
 */
export function registerMessageChangeHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { io, messageChanges, userRateLimits } = services;
  const announce = (result: ChangedMessage) => {
    if (result.changed)
      io.to(result.memberIds.map(userRoom)).emit('message:updated', { message: result.message });
  };

  handleEvent(socket, 'message:edit', services, async ({ user }, payload) => {
    await userRateLimits.enforce(user.id, 'messageEdit');
    const result = await messageChanges.edit(user.id, payload);
    announce(result);
    return { message: result.message };
  });

  handleEvent(socket, 'message:delete', services, async ({ user }, payload) => {
    await userRateLimits.enforce(user.id, 'messageEdit');
    const result = await messageChanges.delete(user.id, payload);
    announce(result);
    return { message: result.message };
  });

  handleEvent(socket, 'reaction:add', services, async ({ user }, payload) => {
    await userRateLimits.enforce(user.id, 'reaction');
    announce(await messageChanges.react(user.id, payload, true));
    return {};
  });

  handleEvent(socket, 'reaction:remove', services, async ({ user }, payload) => {
    await userRateLimits.enforce(user.id, 'reaction');
    announce(await messageChanges.react(user.id, payload, false));
    return {};
  });
}
