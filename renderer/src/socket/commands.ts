import {
  ackErrorSchema,
  type ClientEventName,
  type ClientEventPayload,
  type ClientEventResult,
  clientAckResultSchemas,
} from '@beacon/protocol';
import { z } from 'zod';
import { CommandError } from './errors';
import type { TransportSocket } from './transport';

/** Every acknowledged command (all but `typing`). v2 ones get an error from a v1 server; callers fall back. */
export type CommandName = Exclude<ClientEventName, 'typing'>;

/** Each command's payload (`undefined` for none) and the fields of its `ok` answer, from protocol/. */
export type Commands = {
  [K in CommandName]: { payload: ClientEventPayload<K>; result: ClientEventResult<K> };
};

const ackSchema = z.union([z.object({ ok: z.literal(true) }).loose(), ackErrorSchema]);

export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

/**
 * Emits a command and resolves with its acknowledged result. Rejects with a CommandError: the
 * server's error code, `disconnected` when not connected (nothing is emitted, so socket.io's own
 * buffer never replays it later), or `timeout` when no acknowledgement arrives in time.
 */
export function request<K extends CommandName>(
  socket: TransportSocket,
  command: K,
  payload: Commands[K]['payload'],
  timeoutMs: number = DEFAULT_COMMAND_TIMEOUT_MS,
): Promise<Commands[K]['result']> {
  if (!socket.connected) {
    return Promise.reject(new CommandError('disconnected', 'Not connected to the server.'));
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new CommandError('timeout', `No answer to ${command} within ${timeoutMs / 1000} s.`));
    }, timeoutMs);
    const onAck = (response: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const ack = ackSchema.safeParse(response);
      if (!ack.success) {
        reject(new CommandError('internal', `The server sent an unexpected answer to ${command}.`));
        return;
      }
      if (!ack.data.ok) {
        reject(new CommandError(ack.data.error.code, ack.data.error.message));
        return;
      }
      // Validates what the server answers, so a malformed answer becomes an error instead of a broken screen.
      const result = clientAckResultSchemas[command].safeParse(ack.data);
      if (!result.success) {
        reject(new CommandError('internal', `The server sent an unexpected answer to ${command}.`));
        return;
      }
      resolve(result.data as Commands[K]['result']);
    };
    if (payload === undefined) socket.emit(command, onAck);
    else socket.emit(command, payload, onAck);
  });
}
