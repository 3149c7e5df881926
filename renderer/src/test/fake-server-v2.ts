import type { Conversation, Message } from '@beacon/protocol';
import type { FakeServer, Reply } from './fake-server';

const notFound: Reply = { ok: false, error: { code: 'not_found', message: 'messageId: no such message' } };

function findMessage(server: FakeServer, messageId: string) {
  for (const entry of server.conversations.values()) {
    const index = entry.messages.findIndex((message) => message.id === messageId);
    if (index >= 0) return { entry, index };
  }
  return null;
}

/** Messages v2 and Conversations v2 commands of the fake server (edits, reactions, search, groups). */
export function handleMessagingV2(server: FakeServer): void {
  const replace = (messageId: string, change: (message: Message) => Message | Reply): Reply => {
    const found = findMessage(server, messageId);
    if (!found) return notFound;
    const current = found.entry.messages[found.index] as Message;
    const next = change(current);
    if ('ok' in next) return next;
    found.entry.messages[found.index] = next;
    server.socket.serverEmit('message:updated', { message: next });
    return { ok: true, message: next };
  };
  const mineOnly = (message: Message): Reply | null =>
    message.senderId === server.me.id
      ? null
      : { ok: false, error: { code: 'forbidden', message: 'not yours' } };
  server.handle('message:edit', (payload) => {
    const { messageId, body } = payload as { messageId: string; body: string };
    return replace(messageId, (message) => mineOnly(message) ?? { ...message, body, editedAt: Date.now() });
  });
  server.handle('message:delete', (payload) => {
    const { messageId } = payload as { messageId: string };
    return replace(
      messageId,
      (message) =>
        mineOnly(message) ?? {
          ...message,
          body: '',
          mentions: [],
          attachments: [],
          deletedAt: Date.now(),
        },
    );
  });
  const react =
    (add: boolean) =>
    (payload: unknown): Reply => {
      const { messageId, emoji } = payload as { messageId: string; emoji: string };
      const reply = replace(messageId, (message) => {
        const users = (message.reactions[emoji] ?? []).filter((id) => id !== server.me.id);
        if (add) users.push(server.me.id);
        const reactions = { ...message.reactions, [emoji]: users };
        if (users.length === 0) delete reactions[emoji];
        return { ...message, reactions };
      });
      return reply.ok ? { ok: true as const } : reply;
    };
  server.handle('reaction:add', react(true));
  server.handle('reaction:remove', react(false));
  server.handle('message:search', (payload) => {
    const { query, conversationId } = payload as { query: string; conversationId?: string };
    const needle = query.toLowerCase();
    const hits = [...server.conversations.values()]
      .filter((entry) => !conversationId || entry.conversation.id === conversationId)
      .flatMap((entry) => entry.messages)
      .filter((message) => message.deletedAt === null && message.body.toLowerCase().includes(needle))
      .sort((a, b) => b.sentAt - a.sentAt)
      .map((message) => {
        const at = message.body.toLowerCase().indexOf(needle);
        const end = at + needle.length;
        const snippet = `${message.body.slice(0, at)}\u0002${message.body.slice(at, end)}\u0003${message.body.slice(end)}`;
        return { message, snippet };
      });
    return { ok: true, hits, more: false };
  });
  const updateConversation = (conversationId: string, change: (c: Conversation) => Conversation): Reply => {
    const entry = server.conversations.get(conversationId);
    if (!entry) return { ok: false, error: { code: 'not_found', message: 'no such conversation' } };
    if (entry.conversation.kind === 'direct')
      return { ok: false, error: { code: 'invalid', message: 'direct conversations cannot change' } };
    entry.conversation = change(entry.conversation);
    return { ok: true, conversation: entry.conversation };
  };
  server.handle('conversation:update', (payload) => {
    const {
      conversationId,
      title,
      addMemberIds = [],
      removeMemberIds = [],
    } = payload as {
      conversationId: string;
      title?: string;
      addMemberIds?: string[];
      removeMemberIds?: string[];
    };
    return updateConversation(conversationId, (conversation) => ({
      ...conversation,
      title: title ?? conversation.title,
      memberIds: [
        ...conversation.memberIds.filter((id) => !removeMemberIds.includes(id)),
        ...addMemberIds.filter((id) => !conversation.memberIds.includes(id)),
      ],
    }));
  });
  server.handle('conversation:leave', (payload) => {
    const { conversationId } = payload as { conversationId: string };
    return updateConversation(conversationId, (conversation) => ({
      ...conversation,
      memberIds: conversation.memberIds.filter((id) => id !== server.me.id),
    }));
  });
}
