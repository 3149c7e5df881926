import { handleEvent } from '../handler';
import { enforceRateLimit, SESSION_RATE_LIMITS, TokenBucket } from '../rate-limit';
import { userRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';
import { registerMessageChangeHandlers } from './message-changes';

export function registerMessageHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { io, messages, conversations, presence, hiddenReads, userRateLimits, fanout } = services;
  const sendLimit = new TokenBucket(SESSION_RATE_LIMITS.messageSend);

  // The store commits before this resolves, so the ack (and the fan-out) only follow a durable write.
  handleEvent(socket, 'message:send', services, async ({ user }, payload) => {
    enforceRateLimit(sendLimit, 'messages');
    await userRateLimits.enforce(user.id, 'messageSend');
    const sent = await messages.send(user.id, payload);
    if (sent.created) {
      // In commit order per conversation: the announcement below must not let later messages overtake.
      void fanout.run(sent.message.conversationId, async () => {
        // Conversations v2: a direct conversation shows in the other member's list from its first message.
        if (sent.message.seq === 1) {
          const others = sent.memberIds.filter((id) => id !== user.id);
          for (const [id, conversation] of await conversations.viewsFor(
            sent.message.conversationId,
            others,
          )) {
            io.to(userRoom(id)).emit('conversation', { conversation });
          }
        }
        io.to(sent.memberIds.map(userRoom)).emit('message', { message: sent.message });
      });
    }
    return { message: sent.message };
  });

  handleEvent(socket, 'message:history', services, ({ user }, payload) => messages.history(user.id, payload));

  handleEvent(socket, 'message:read', services, async ({ user }, payload) => {
    // A reader who appears offline: others keep seeing the position from before (hidden-reads.ts).
    const result = await messages.read(user.id, payload, (storedSeq) =>
      hiddenReads.reads.beforeRead(user.id, payload.conversationId, storedSeq),
    );
    if (result.raised) {
      const { conversationId } = payload;
      // While the reader appears offline only their own sessions hear of it.
      const rooms =
        presence.appearsOffline(user.id) || !result.newToOthers
          ? [userRoom(user.id)]
          : result.memberIds.map(userRoom);
      io.to(rooms).emit('read', {
        conversationId,
        userId: user.id,
        seq: result.readSeq,
      });
      // The reader's other sessions also get the new unread count.
      const conversation = await conversations.viewFor(conversationId, user.id);
      if (conversation) io.to(userRoom(user.id)).emit('conversation', { conversation });
    }
    return {};
  });

  // Only the caller's sessions hear of it: the others' "Seen" keeps the position from before.
  handleEvent(socket, 'message:unread', services, async ({ user }, payload) => {
    if (await messages.unread(user.id, payload)) {
      const conversation = await conversations.viewFor(payload.conversationId, user.id);
      if (conversation) io.to(userRoom(user.id)).emit('conversation', { conversation });
    }
    return {};
  });

  registerMessageChangeHandlers(socket, services);
}
