import type { Server as HttpServer } from 'node:http';
import type { SessionEndedPayload } from '@beacon/protocol';
import { Server } from 'socket.io';
import { guessDeviceLabel } from './device-label';
import { DisabledUsersWatcher } from './disabled-users-watcher';
import { registerConversationHandlers } from './handlers/conversations';
import { registerDirectoryHandlers } from './handlers/directory';
import { registerMessageHandlers } from './handlers/messages';
import { registerPresenceHandlers } from './handlers/presence';
import { registerSearchHandlers } from './handlers/search';
import { registerTypingHandlers } from './handlers/typing';
import { authenticateHandshake, tokenKeyOf } from './handshake';
import type { OrderedFanout } from './ordered-fanout';
import { presenceRoom, tokenRoom, userRoom } from './rooms';
import { createHandlerServices } from './services';
import type { BeaconIo, BeaconSocket, RealtimeDeps, SessionResolver } from './types';

export interface GatewayOptions extends RealtimeDeps {
  sessions: SessionResolver;
  /** Allowed CORS origins of the socket; `'*'` allows any (the desktop client has no web origin). */
  corsOrigins: '*' | string[];
  disabledPollMs: number;
  /** socket.io heartbeat; socket.io's defaults (25 s / 20 s) when omitted. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Compliance: the notice each client shows once and in its About box; omitted or null: none. */
  recordingNotice?: string | null;
}

export interface Gateway {
  readonly io: BeaconIo;
  /** Live message fan-out in commit order per conversation; other senders (bots) share it. */
  readonly fanout: OrderedFanout;
  /** Tells every socket opened with `token` why, then disconnects them (logout). */
  endSessionsOfToken(token: string, reason: SessionEndedPayload['reason']): void;
  /** Tells every socket of the user why, then disconnects them (disabled account). */
  endSessionsOfUser(userId: string, reason: SessionEndedPayload['reason']): void;
  /** Disconnects every socket and stops the engine; the HTTP server is left to its owner. */
  close(): Promise<void>;
}

/** The socket.io side of the wire contract, attached to the HTTP server. */
export function createGateway(httpServer: HttpServer, options: GatewayOptions): Gateway {
  const { presence, logger } = options;
  const io: BeaconIo = new Server(httpServer, {
    cors: { origin: options.corsOrigins },
    serveClient: false,
    // engine.io merges its options over its defaults: an undefined value would erase one.
    ...(options.pingIntervalMs === undefined ? {} : { pingInterval: options.pingIntervalMs }),
    ...(options.pingTimeoutMs === undefined ? {} : { pingTimeout: options.pingTimeoutMs }),
  });
  const services = createHandlerServices(io, options);
  const notices = { recording: options.recordingNotice ?? null };

  io.use(authenticateHandshake(options.sessions, logger));

  const stopFanout = presence.onChange(({ userId, others, own }) => {
    if (others) io.to(presenceRoom(userId)).except(userRoom(userId)).emit('presence', others);
    if (own) io.to(userRoom(userId)).emit('presence', own);
  });

  io.on('connection', (socket: BeaconSocket) => {
    const { user, tokenKey } = socket.data;
    // Before joining its rooms, so the new session hears of its presence through `ready` only.
    const label = guessDeviceLabel(socket.handshake.headers['user-agent']);
    const ownPresence = presence.connect(user.id, socket.id, label);
    void socket.join([userRoom(user.id), tokenRoom(tokenKey)]);
    socket.on('disconnect', (reason) => {
      presence.disconnect(user.id, socket.id);
      logger.debug({ userId: user.id, socketId: socket.id, reason }, 'session disconnected');
    });
    registerPresenceHandlers(socket, services);
    registerDirectoryHandlers(socket, services);
    registerConversationHandlers(socket, services);
    registerMessageHandlers(socket, services);
    registerTypingHandlers(socket, services);
    registerSearchHandlers(socket, services);
    socket.emit('ready', { user, presence: ownPresence, serverTime: options.now(), protocol: 2, notices });
    services.alerts.sessionConnected(user.id);
    logger.debug({ userId: user.id, socketId: socket.id }, 'session connected');
  });

  const endSessions = (room: string, reason: SessionEndedPayload['reason']) => {
    io.to(room).emit('session:ended', { reason });
    // A namespace disconnect (not a transport close) is queued after the notice, and
    // tells socket.io-client not to reconnect by itself.
    io.in(room).disconnectSockets(false);
  };

  const watcher = new DisabledUsersWatcher({
    users: options.store.users,
    intervalMs: options.disabledPollMs,
    now: options.now,
    logger,
    onDisabled: (userId) => endSessions(userRoom(userId), 'disabled'),
  });
  watcher.start();

  return {
    io,
    fanout: services.fanout,
    endSessionsOfToken: (token, reason) => endSessions(tokenRoom(tokenKeyOf(token)), reason),
    endSessionsOfUser: (userId, reason) => endSessions(userRoom(userId), reason),
    async close() {
      watcher.stop();
      stopFanout();
      services.alerts.dispose();
      services.hiddenReads.dispose();
      io.disconnectSockets(true);
      // Closes the engine's connections only; socket.io's own close() would also close
      // the HTTP server, which Fastify owns.
      io.engine.close();
    },
  };
}
