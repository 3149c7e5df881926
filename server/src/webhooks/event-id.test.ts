import type { Message, Presence } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import type { BeaconEvent, MessageEventData } from '../events/bus';
import { WebhookEventIds } from './event-id';

const presence = (userId: string, updatedAt: number, status: Presence['status']): BeaconEvent => ({
  // The bus's id and time differ from node to node: the webhook id must not depend on them.
  id: Math.floor(Math.random() * 1e9),
  type: 'presence.changed',
  createdAt: Date.now(),
  data: {
    email: `${userId}@acme.test`,
    presence: { userId, status, message: null, idleSince: null, updatedAt },
  },
});

const messageData = (id: string, changes: Partial<Message> = {}): MessageEventData => ({
  message: {
    id,
    conversationId: 'c1',
    seq: 1,
    senderId: 'u1',
    clientId: 'k1',
    body: 'hi',
    sentAt: 1_000,
    kind: 'user',
    editedAt: null,
    deletedAt: null,
    replyToId: null,
    replyTo: null,
    mentions: [],
    reactions: {},
    attachments: [],
    system: null,
    ...changes,
  },
  sender: { email: 'u1@acme.test', name: 'U', kind: 'person' },
  members: ['u1@acme.test', 'bot@acme.test'],
  hasBot: true,
});

describe('webhook event ids', () => {
  it('are the same on two nodes for the same presence changes, whatever their bus ids', () => {
    const changes = [
      presence('u1', 1_000, 'busy'),
      presence('u2', 1_000, 'away'),
      presence('u1', 1_000, 'available'), // a second change of u1 within the millisecond
      presence('u1', 2_000, 'busy'),
    ];
    const nodeA = new WebhookEventIds();
    const nodeB = new WebhookEventIds();
    const idsA = changes.map((event) => nodeA.idOf(event));
    const idsB = changes.map((event) =>
      nodeB.idOf({ ...event, id: event.id + 7, createdAt: 5 } as BeaconEvent),
    );
    expect(idsA).toEqual(['presence:u1:1000', 'presence:u2:1000', 'presence:u1:1000:1', 'presence:u1:2000']);
    expect(idsB).toEqual(idsA);
  });

  it('name a message by its id, an edit by its time, a delete once', () => {
    const ids = new WebhookEventIds();
    const at = (type: 'message.created' | 'message.updated', data: BeaconEvent['data']) =>
      ids.idOf({ id: 1, type, createdAt: 9, data } as BeaconEvent);
    expect(at('message.created', messageData('m1'))).toBe('message:m1');
    expect(at('message.updated', { ...messageData('m1', { editedAt: 2_000 }), change: 'edited' })).toBe(
      'message:m1:edited:2000',
    );
    expect(at('message.updated', { ...messageData('m1', { editedAt: 2_000 }), change: 'edited' })).toBe(
      'message:m1:edited:2000:1',
    );
    expect(at('message.updated', { ...messageData('m1', { deletedAt: 3_000 }), change: 'deleted' })).toBe(
      'message:m1:deleted',
    );
  });
});
