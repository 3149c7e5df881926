import { ProtocolError } from '@beacon/protocol';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger';
import { type Handler, handleEvent } from './handler';
import type { BeaconSocket } from './types';

type Listener = (...args: unknown[]) => void;

/** Just enough of a socket.io socket: `data` and `on`. */
function fakeSocket() {
  const listeners = new Map<string, Listener>();
  const socket = {
    data: { user: { id: 'u1', email: 'u1@acme.test', name: 'U One' } },
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
    },
  };
  const emit = (event: string, ...args: unknown[]) =>
    new Promise<unknown>((resolve) => {
      const listener = listeners.get(event);
      if (!listener) throw new Error(`no listener for ${event}`);
      listener(...args, resolve);
    });
  return { socket: socket as unknown as BeaconSocket, emit, listeners };
}

const deps = { logger: createLogger({ level: 'silent' }) };

describe('handleEvent', () => {
  it('validates the payload and answers ok with the handler result', async () => {
    const { socket, emit } = fakeSocket();
    const handler = vi.fn<Handler<'contacts:add'>>(() => ({}));
    handleEvent(socket, 'contacts:add', deps, handler);
    expect(await emit('contacts:add', { userId: 'u2', extra: true })).toEqual({ ok: true });
    expect(handler).toHaveBeenCalledWith(expect.objectContaining({ user: socket.data.user }), {
      userId: 'u2',
    });
  });

  it('takes the ack as the last argument, with or without a payload', async () => {
    const { socket, emit } = fakeSocket();
    handleEvent(socket, 'contacts:list', deps, () => ({ users: [] }));
    expect(await emit('contacts:list')).toEqual({ ok: true, users: [] });
    expect(await emit('contacts:list', { ignored: 1 })).toEqual({ ok: true, users: [] });
  });

  it('answers invalid naming the field, without calling the handler', async () => {
    const { socket, emit } = fakeSocket();
    const handler = vi.fn<Handler<'message:send'>>();
    handleEvent(socket, 'message:send', deps, handler);
    expect(await emit('message:send', { conversationId: 'c1', body: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/^clientId:/) },
    });
    expect(await emit('message:send')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers a ProtocolError with its code, anything else with internal', async () => {
    const { socket, emit } = fakeSocket();
    handleEvent(socket, 'contacts:add', deps, () => {
      throw new ProtocolError('not_found', 'userId: no user u2');
    });
    handleEvent(socket, 'contacts:remove', deps, async () => {
      throw new TypeError('boom');
    });
    expect(await emit('contacts:add', { userId: 'u2' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'userId: no user u2' },
    });
    expect(await emit('contacts:remove', { userId: 'u2' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal server error' },
    });
  });

  it('runs events sent without an ack, and survives them failing', async () => {
    const { socket, listeners } = fakeSocket();
    const handler = vi.fn<Handler<'typing'>>(() => {
      throw new Error('no one to tell');
    });
    handleEvent(socket, 'typing', deps, handler);
    listeners.get('typing')?.({ conversationId: 'c1', typing: true });
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
  });

  it('counts each event and times it until its ack, when given metrics', async () => {
    const { socket, emit, listeners } = fakeSocket();
    const metrics = { eventReceived: vi.fn(), eventAcked: vi.fn() };
    handleEvent(socket, 'contacts:list', { ...deps, metrics }, () => ({ users: [] }));
    handleEvent(socket, 'contacts:add', { ...deps, metrics }, () => ({}));
    handleEvent(socket, 'typing', { ...deps, metrics }, () => ({}));
    await emit('contacts:list');
    expect(await emit('contacts:add', { userId: 42 })).toMatchObject({ ok: false });
    listeners.get('typing')?.({ conversationId: 'c1', typing: true });
    await vi.waitFor(() => expect(metrics.eventReceived).toHaveBeenCalledTimes(3));
    expect(metrics.eventReceived.mock.calls).toEqual([['contacts:list'], ['contacts:add'], ['typing']]);
    // Refused or not, an acked event is timed; one sent without an ack is not.
    expect(metrics.eventAcked.mock.calls.map(([event]) => event)).toEqual(['contacts:list', 'contacts:add']);
    for (const [, seconds] of metrics.eventAcked.mock.calls) {
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(1);
    }
  });
});
