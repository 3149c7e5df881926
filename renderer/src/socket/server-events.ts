import { type ServerEvent, type ServerEventName, serverEventSchemas } from './events';
import type { TransportSocket } from './transport';

export type ServerEventHandlers = { [K in ServerEventName]?: (payload: ServerEvent<K>) => void };

/**
 * Routes the server's contract events to handlers, each payload validated against its schema first:
 * a malformed event is logged and dropped instead of reaching the store.
 */
export function bindServerEvents(
  socket: TransportSocket,
  handlers: ServerEventHandlers,
  isStopped: () => boolean,
): void {
  for (const event of Object.keys(handlers) as ServerEventName[]) {
    const handler = handlers[event] as ((payload: unknown) => void) | undefined;
    if (!handler) continue;
    const schema = serverEventSchemas[event];
    socket.on(event, (payload: unknown) => {
      if (isStopped()) return;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        console.warn(`Ignored a malformed "${event}" event from the server`, parsed.error.issues[0]);
        return;
      }
      handler(parsed.data);
    });
  }
}
