import { handleEvent } from '../handler';
import { userRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

export function registerConversationHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { io, logger, conversations } = services;

  handleEvent(socket, 'conversation:open', logger, async ({ user }, payload) => {
    const opened = await conversations.open(user, payload);
    if (opened.created) {
      for (const [memberId, conversation] of opened.views) {
        io.to(userRoom(memberId)).emit('conversation', { conversation });
      }
    }
    const conversation = opened.views.get(user.id);
    if (!conversation) throw new Error(`conversation ${opened.record.id} has no view for its opener`);
    return { conversation };
  });

  handleEvent(socket, 'conversation:list', logger, async ({ user }) => ({
    conversations: await conversations.list(user.id),
  }));
}
