import { describe, expect, it } from 'vitest';
import { ackSchemaOf, clientAckResultSchemas, emptyResultSchema } from './acks';
import { ownPresenceV2Schema, presenceV2Schema } from './entities';
import { clientPayloadSchemas } from './events';
import { serverEventSchemas, serverEventSchemasWith } from './server-events';

const v1Presence = { userId: 'u1', status: 'busy', message: 'Review', idleSince: null, updatedAt: 10 };
const v2Presence = { ...v1Presence, source: 'manual', activity: null, until: null };

describe('server event schemas', () => {
  it('accept a v1 ready and a v2 ready', () => {
    const ready = {
      user: { id: 'u1', email: 'a@acme.test', name: 'A' },
      presence: v1Presence,
      serverTime: 1,
    };
    expect(serverEventSchemas.ready.parse(ready)).toEqual(ready);
    expect(serverEventSchemas.ready.parse({ ...ready, protocol: 2 }).protocol).toBe(2);
  });

  it('accept a ready with or without the recording notice (P12), and refuse a malformed one', () => {
    const ready = {
      user: { id: 'u1', email: 'a@acme.test', name: 'A' },
      presence: v1Presence,
      serverTime: 1,
      protocol: 2,
    };
    const text = 'Messages in this organisation are recorded.';
    expect(serverEventSchemas.ready.parse(ready).notices).toBeUndefined();
    expect(serverEventSchemas.ready.parse({ ...ready, notices: { recording: text } }).notices).toEqual({
      recording: text,
    });
    expect(serverEventSchemas.ready.parse({ ...ready, notices: { recording: null } }).notices).toEqual({
      recording: null,
    });
    expect(
      serverEventSchemas.ready.parse({ ...ready, notices: { recording: null, later: 'x' } }).notices,
    ).toEqual({ recording: null });
    expect(serverEventSchemas.ready.safeParse({ ...ready, notices: { recording: 7 } }).success).toBe(false);
  });

  it('strip fields the contract does not name, so clients survive extensions', () => {
    const parsed = serverEventSchemas.read.parse({ conversationId: 'c', userId: 'u', seq: 3, extra: true });
    expect(parsed).toEqual({ conversationId: 'c', userId: 'u', seq: 3 });
  });

  it.each([
    ['read', { conversationId: 'c', userId: 'u', seq: -1 }],
    ['typing', { conversationId: 'c', userId: 'u' }],
    ['session:ended', { reason: 'bored' }],
    ['message', { message: { id: 'm' } }],
    ['presence', { ...v1Presence, status: 'lunch' }],
  ] as const)('reject a malformed %s payload', (event, payload) => {
    expect(serverEventSchemas[event].safeParse(payload).success).toBe(false);
  });

  it('tighten to the v2 presence when built around it', () => {
    const v2 = serverEventSchemasWith({ presence: presenceV2Schema, ownPresence: ownPresenceV2Schema });
    expect(v2.presence.safeParse(v1Presence).success).toBe(false);
    expect(v2.presence.safeParse(v2Presence).success).toBe(true);
    const own = { ...v2Presence, chosen: { status: 'busy', message: 'Review', until: null }, devices: [] };
    const user = { id: 'u1', email: 'a@acme.test', name: 'A' };
    expect(v2.ready.safeParse({ user, presence: v2Presence, serverTime: 1, protocol: 2 }).success).toBe(
      false,
    );
    expect(v2.ready.safeParse({ user, presence: own, serverTime: 1, protocol: 2 }).success).toBe(true);
  });
});

describe('acknowledgement schemas', () => {
  it('cover every client event', () => {
    expect(Object.keys(clientAckResultSchemas).sort()).toEqual(Object.keys(clientPayloadSchemas).sort());
  });

  it('accept the ok result and the error shape, and nothing else', () => {
    const ack = ackSchemaOf(clientAckResultSchemas['message:history']);
    expect(ack.safeParse({ ok: true, messages: [], more: false }).success).toBe(true);
    expect(ack.safeParse({ ok: false, error: { code: 'forbidden', message: 'not a member' } }).success).toBe(
      true,
    );
    expect(ack.safeParse({ ok: true, messages: [] }).success).toBe(false);
    expect(ack.safeParse({ ok: false, error: { code: 'oops', message: 'x' } }).success).toBe(false);
    expect(ack.safeParse({ ok: false }).success).toBe(false);
    expect(ack.safeParse({ messages: [], more: false }).success).toBe(false);
  });

  it('accept a bare ok for events without a result', () => {
    expect(ackSchemaOf(emptyResultSchema).parse({ ok: true })).toEqual({ ok: true });
  });
});
