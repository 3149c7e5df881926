import { describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../test/fake-socket';
import { request } from './commands';
import { CommandError } from './errors';

function connectedSocket() {
  const socket = new FakeSocket();
  socket.connected = true;
  return socket;
}

describe('request', () => {
  it('resolves with the validated result of an ok acknowledgement', async () => {
    const socket = connectedSocket();
    socket.handlers.set('message:read', (_payload, ack) => ack({ ok: true }));
    await expect(request(socket, 'message:read', { conversationId: 'c1', seq: 3 })).resolves.toEqual({});
    expect(socket.sent('message:read')[0]?.payload).toEqual({ conversationId: 'c1', seq: 3 });
  });

  it('sends payload-less commands with only the acknowledgement callback', async () => {
    const socket = connectedSocket();
    socket.handlers.set('contacts:list', (payload, ack) => {
      expect(payload).toBeUndefined();
      ack({ ok: true, users: [] });
    });
    await expect(request(socket, 'contacts:list', undefined)).resolves.toEqual({ users: [] });
  });

  it('rejects with the server error code and message', async () => {
    const socket = connectedSocket();
    socket.handlers.set('message:send', (_payload, ack) =>
      ack({ ok: false, error: { code: 'too_large', message: 'body: longer than 10000 characters' } }),
    );
    const failure = request(socket, 'message:send', { conversationId: 'c1', clientId: 'x', body: 'y' });
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toMatchObject({
      code: 'too_large',
      message: 'body: longer than 10000 characters',
    });
  });

  it('rejects a malformed answer instead of passing it on', async () => {
    const socket = connectedSocket();
    socket.handlers.set('message:history', (_payload, ack) => ack({ ok: true, messages: [{ seq: 'one' }] }));
    await expect(request(socket, 'message:history', { conversationId: 'c1' })).rejects.toMatchObject({
      code: 'internal',
    });
  });

  it('rejects with timeout when no acknowledgement arrives, and ignores a late one', async () => {
    vi.useFakeTimers();
    try {
      const socket = connectedSocket();
      let late: ((response: unknown) => void) | undefined;
      socket.handlers.set('message:read', (_payload, ack) => {
        late = ack;
      });
      const pending = request(socket, 'message:read', { conversationId: 'c1', seq: 1 }, 1_000);
      const assertion = expect(pending).rejects.toMatchObject({ code: 'timeout' });
      await vi.advanceTimersByTimeAsync(1_000);
      await assertion;
      expect(() => late?.({ ok: true })).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not emit anything while disconnected', async () => {
    const socket = new FakeSocket();
    await expect(request(socket, 'message:read', { conversationId: 'c1', seq: 1 })).rejects.toMatchObject({
      code: 'disconnected',
    });
    expect(socket.emitted).toHaveLength(0);
  });
});
