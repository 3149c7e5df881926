import {
  type Ack,
  ackError,
  type ClientEventName,
  type ClientToServerEvents,
  clientPayloadSchemas,
  ProtocolError,
  parsePayload,
  type User,
} from '@beacon/protocol';
import type { z } from 'zod';
import type { Logger } from '../logger';
import type { BeaconSocket } from './types';

type Schemas = typeof clientPayloadSchemas;

/** The validated payload of a client event (`undefined` for events without one). */
export type PayloadOf<E extends ClientEventName> = Schemas[E] extends z.ZodType
  ? z.output<Schemas[E]>
  : undefined;

type AckCallbackOf<E extends ClientEventName> = Extract<
  Parameters<ClientToServerEvents[E]>[number],
  (response: never) => void
>;

/** The fields of a successful acknowledgement, without `ok`. */
export type ResultOf<E extends ClientEventName> = Omit<
  Extract<Parameters<AckCallbackOf<E>>[0], { ok: true }>,
  'ok'
>;

export interface HandlerContext {
  socket: BeaconSocket;
  user: User;
}

export type Handler<E extends ClientEventName> = (
  context: HandlerContext,
  payload: PayloadOf<E>,
) => Promise<ResultOf<E>> | ResultOf<E>;

type RawListener = (...args: unknown[]) => void;

/** Counts client events and times their acks (metrics/beacon-metrics.ts fits). */
export interface EventMetrics {
  eventReceived(event: ClientEventName): void;
  /** `seconds` from receiving the event to sending its ack; events sent without an ack are not timed. */
  eventAcked(event: ClientEventName, seconds: number): void;
}

/** What `handleEvent` needs beside the socket; the handler services fit. */
export interface EventDeps {
  logger: Logger;
  metrics?: EventMetrics | undefined;
}

/**
 * Registers `handler` for `event` on `socket`, with the contract's envelope:
 * the acknowledgement is the last argument when it is a function (so `contacts:list`
 * works with or without a payload); the payload is validated against the contract's
 * schema (`invalid` naming the field, `too_large` for a long body); a thrown
 * `ProtocolError` answers its code; anything else is logged and answers `internal`.
 * Nothing a client sends can crash the server or close another client's connection.
 * `deps.metrics`, when given, counts each event and times it from receipt to its ack.
 */
export function handleEvent<E extends ClientEventName>(
  socket: BeaconSocket,
  event: E,
  deps: EventDeps,
  handler: Handler<E>,
): void {
  const { logger, metrics } = deps;
  const listener: RawListener = (...args) => {
    const receivedAt = performance.now();
    metrics?.eventReceived(event);
    const last = args.at(-1);
    const ack = typeof last === 'function' ? (last as (response: Ack<object>) => void) : undefined;
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    void respond(socket, event, logger, handler, payload).then((response) => {
      if (!ack) return;
      ack(response);
      metrics?.eventAcked(event, (performance.now() - receivedAt) / 1000);
    });
  };
  // socket.io's typed `on` wants the listener of the event's exact signature; this
  // listener takes the raw arguments on purpose, to validate them itself.
  (socket as unknown as { on(event: string, listener: RawListener): void }).on(event, listener);
}

async function respond<E extends ClientEventName>(
  socket: BeaconSocket,
  event: E,
  logger: Logger,
  handler: Handler<E>,
  payload: unknown,
): Promise<Ack<object>> {
  const { user } = socket.data;
  try {
    const schema = clientPayloadSchemas[event];
    let data: unknown;
    if (schema) {
      const parsed = parsePayload(schema, payload);
      if (!parsed.ok) return parsed;
      data = parsed.data;
    }
    const result = await handler({ socket, user }, data as PayloadOf<E>);
    return { ...result, ok: true };
  } catch (error) {
    if (error instanceof ProtocolError) return ackError(error.code, error.message);
    logger.error({ err: error, event, userId: user.id }, 'socket handler failed');
    return ackError('internal', 'internal server error');
  }
}
