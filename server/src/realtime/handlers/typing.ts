import { handleEvent } from '../handler';
import { LatestValueThrottle } from '../rate-limit-typing';
import { userRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

interface TypingNotice {
  typing: boolean;
}

/**
 * Typing notices are relayed, never stored, and dropped rather than queued for a slow
 * client (volatile). Each session's notices are throttled per conversation, so a
 * flood of them costs the server and the receivers next to nothing and never delays
 * messages; the newest state always gets through.
 */
export function registerTypingHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { io, messages, presence } = services;
  const { user } = socket.data;
  const throttle = new LatestValueThrottle<TypingNotice>(
    (conversationId, { typing }) => {
      // Appearing offline hides typing too, also a notice that waited in the throttle.
      if (presence.appearsOffline(user.id)) return;
      // The members as of sending, not of the notice: one removed meanwhile hears nothing.
      messages.requireMember(conversationId, user.id).then(
        (conversation) => {
          const rooms = conversation.memberIds.filter((id) => id !== user.id).map(userRoom);
          if (rooms.length === 0 || presence.appearsOffline(user.id)) return;
          io.to(rooms).volatile.emit('typing', { conversationId, userId: user.id, typing });
        },
        () => {}, // the typist left or was removed meanwhile: the notice is dropped
      );
    },
    { same: (a, b) => a.typing === b.typing },
  );
  socket.on('disconnect', () => throttle.dispose());

  handleEvent(socket, 'typing', services, async ({ user }, { conversationId, typing }) => {
    await messages.requireMember(conversationId, user.id);
    if (!presence.appearsOffline(user.id)) throttle.offer(conversationId, { typing });
    return {};
  });
}
