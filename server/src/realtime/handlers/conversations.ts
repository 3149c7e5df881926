import { handleEvent } from '../handler';
import { userRoom } from '../rooms';
import type { HandlerServices } from '../services';
import type { GroupChange } from '../services/group-changes';
import type { BeaconSocket } from '../types';

export function registerConversationHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { io, conversations, groups } = services;

  handleEvent(socket, 'conversation:open', services, async ({ user }, payload) => {
    const opened = await conversations.open(user, payload);
    if (opened.created) {
      // A group's members see it (and its `created` message) at once; a direct conversation
      // only its opener, until it has a message.
      for (const [memberId, conversation] of opened.views) {
        io.to(userRoom(memberId)).emit('conversation', { conversation });
      }
      const created = opened.views.get(user.id)?.lastMessage;
      if (opened.record.kind === 'group' && created) emitMessages(opened.record.memberIds, [created]);
    }
    const conversation = opened.views.get(user.id);
    if (!conversation) throw new Error(`conversation ${opened.record.id} has no view for its opener`);
    return { conversation };
  });

  handleEvent(socket, 'conversation:list', services, async ({ user }) => ({
    conversations: await conversations.list(user.id),
  }));

  handleEvent(socket, 'conversation:update', services, async ({ user }, payload) => {
    const change = await groups.update(user, payload);
    fanOut(change);
    return { conversation: change.callerView };
  });

  handleEvent(socket, 'conversation:leave', services, async ({ user }, payload) => {
    const change = await groups.leave(user, payload);
    fanOut(change);
    return { conversation: change.callerView };
  });

  handleEvent(socket, 'conversation:hide', services, async ({ user }, payload) => {
    await groups.hide(user, payload);
    return {};
  });

  function emitMessages(memberIds: readonly string[], messages: GroupChange['messages']): void {
    if (memberIds.length === 0) return;
    const rooms = memberIds.map(userRoom);
    for (const message of messages) io.to(rooms).emit('message', { message });
  }

  /**
   * Members (added ones included) get their new view, then the system messages. Removed
   * members and the leaver get the messages of the change (each ends at or before their
   * departure) and then their last, read-only view; from here on no event of the
   * conversation reaches them, since every fan-out reads the current members.
   */
  function fanOut(change: GroupChange): void {
    if (change.messages.length === 0) return;
    for (const [memberId, conversation] of change.memberViews) {
      io.to(userRoom(memberId)).emit('conversation', { conversation });
    }
    emitMessages(change.record.memberIds, change.messages);
    for (const [formerId, conversation] of change.formerViews) {
      const room = userRoom(formerId);
      for (const message of change.messages) {
        if (message.seq <= conversation.lastSeq) io.to(room).emit('message', { message });
      }
      io.to(room).emit('conversation', { conversation });
    }
  }
}
