import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '@beacon/protocol';
import { expect } from 'vitest';
import { type AckResponse, request, type TestSocket } from './client';

/** A connected user as the conversation helpers need it. */
export interface Member {
  socket: TestSocket;
  id: string;
}

/** Opens a new group of `owner` and `others` (a fresh title each time) and returns its id. */
export async function openGroup(owner: Member, others: readonly Member[], title = 'group'): Promise<string> {
  const ack = await request<AckResponse & { conversation: Conversation }>(owner.socket, 'conversation:open', {
    memberIds: others.map((member) => member.id),
    title: `${title} ${randomUUID()}`,
    kind: 'group',
  });
  expect(ack.ok).toBe(true);
  return ack.conversation.id;
}

/** Sends a message (with a fresh clientId) and returns it once acknowledged. */
export async function sendMessage(
  from: Member,
  conversationId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const ack = await request<AckResponse & { message: Message }>(from.socket, 'message:send', {
    conversationId,
    clientId: randomUUID(),
    body,
    ...extra,
  });
  expect(ack).toMatchObject({ ok: true });
  return ack.message;
}
