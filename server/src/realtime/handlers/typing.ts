import { handleEvent } from '../handler';
import { userRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

/** Typing notices are relayed, never stored, and dropped rather than queued for a slow client. */
export function registerTypingHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { io, logger, messages } = services;

  handleEvent(socket, 'typing', logger, async ({ user }, { conversationId, typing }) => {
    const conversation = await messages.requireMember(conversationId, user.id);
    const others = conversation.memberIds.filter((id) => id !== user.id).map(userRoom);
    if (others.length > 0) {
      io.to(others).except(userRoom(user.id)).volatile.emit('typing', { conversationId, userId: user.id, typing });
    }
    return {};
  });
}
