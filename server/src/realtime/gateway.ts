import type { Server as HttpServer } from 'node:http';
import type { Presence, SessionEndedPayload } from '@beacon/protocol';
import { Server, type ServerOptions } from 'socket.io';
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

/** How soon a session whose presence could not start tries again. */
const PRESENCE_RETRY_MS = 2000;

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
  /** Several nodes: the socket.io adapter that carries every room emit to every node. */
  adapter?: ServerOptions['adapter'];
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
    ...(options.adapter === undefined ? {} : { adapter: options.adapter }),
    // engine.io merges its options over its defaults: an undefined value would erase one.
    ...(options.pingIntervalMs === undefined ? {} : { pingInterval: options.pingIntervalMs }),
    ...(options.pingTimeoutMs === undefined ? {} : { pingTimeout: options.pingTimeoutMs }),
  });
  const services = createHandlerServices(io, options);
  const notices = { recording: options.recordingNotice ?? null };

  io.use(authenticateHandshake(options.sessions, logger));

  // Every node's engine sees every presence change (cluster/replicated-presence.ts), so each
  // tells its own sockets only; on one node `local` changes nothing.
  const rooms = io.of('/').adapter.rooms;
  const stopFanout = presence.onChange(({ userId, others, own }) => {
    if (others) io.local.to(presenceRoom(userId)).except(userRoom(userId)).emit('presence', others);
    if (own) io.local.to(userRoom(userId)).emit('presence', own);
    options.metrics?.presenceFanout(
      (others ? (rooms.get(presenceRoom(userId))?.size ?? 0) : 0) +
        (own ? (rooms.get(userRoom(userId))?.size ?? 0) : 0),
    );
  });

  options.metrics?.trackConnections(() => io.engine.clientsCount);
  const clustered = options.adapter !== undefined;
  if (clustered) io.on('session:joined', (userId) => services.alerts.sessionConnected(userId));

  const leaving = new Set<Promise<void>>();
  const leave = (userId: string, socketId: string) => {
    const done = presence
      .disconnect(userId, socketId)
      .catch((error: unknown) => logger.error({ err: error, userId }, 'presence: ending a session failed'))
      .finally(() => leaving.delete(done));
    leaving.add(done);
  };

  io.on('connection', (socket: BeaconSocket) => {
    const { user, tokenKey } = socket.data;
    let connected = false;
    socket.on('disconnect', (reason) => {
      if (connected) leave(user.id, socket.id);
      logger.debug({ userId: user.id, socketId: socket.id, reason }, 'session disconnected');
    });
    registerPresenceHandlers(socket, services);
    registerDirectoryHandlers(socket, services);
    registerConversationHandlers(socket, services);
    registerMessageHandlers(socket, services);
    registerTypingHandlers(socket, services);
    registerSearchHandlers(socket, services);
    const label = guessDeviceLabel(socket.handshake.headers['user-agent']);
    let readySent = false;
    const sendReady = (ownPresence: Presence) => {
      if (readySent || socket.disconnected) return;
      readySent = true;
      // After the engine has the session, so the new session hears of its presence through `ready` only.
      void socket.join([userRoom(user.id), tokenRoom(tokenKey)]);
      socket.emit('ready', { user, presence: ownPresence, serverTime: options.now(), protocol: 2, notices });
      services.alerts.sessionConnected(user.id);
      // Watches live on the node the watcher made them on, which may be another one.
      if (clustered) io.serverSideEmit('session:joined', user.id);
      logger.debug({ userId: user.id, socketId: socket.id }, 'session connected');
    };
    const register = () => {
      presence.connect(user.id, socket.id, label).then(
        (ownPresence) => {
          connected = true;
          if (socket.disconnected) leave(user.id, socket.id);
          else sendReady(ownPresence);
        },
        (error: unknown) => {
          if (socket.disconnected) return;
          // Presence is away (in a cluster: Redis is): messaging must not wait for it.
          logger.warn({ err: error, userId: user.id }, 'presence: starting a session failed; retrying');
          sendReady(presence.viewFor(user.id, user.id));
          setTimeout(() => {
            if (socket.connected && !connected) register();
          }, PRESENCE_RETRY_MS).unref();
        },
      );
    };
    register();
  });

  /** Tells the sockets in `room` why, then disconnects them; `local`: only this node's. */
  const endSessions = (room: string, reason: SessionEndedPayload['reason'], scope: 'cluster' | 'local') => {
    const target = scope === 'local' ? io.local : io;
    target.to(room).emit('session:ended', { reason });
    // A namespace disconnect (not a transport close) is queued after the notice, and
    // tells socket.io-client not to reconnect by itself.
    target.in(room).disconnectSockets(false);
  };

  const watcher = new DisabledUsersWatcher({
    users: options.store.users,
    intervalMs: options.disabledPollMs,
    now: options.now,
    logger,
    // Every node polls for itself: each ends its own sockets.
    onDisabled: (userId) => endSessions(userRoom(userId), 'disabled', 'local'),
  });
  watcher.start();

  return {
    io,
    fanout: services.fanout,
    endSessionsOfToken: (token, reason) => endSessions(tokenRoom(tokenKeyOf(token)), reason, 'cluster'),
    endSessionsOfUser: (userId, reason) => endSessions(userRoom(userId), reason, 'cluster'),
    async close() {
      watcher.stop();
      stopFanout();
      services.alerts.dispose();
      services.hiddenReads.dispose();
      // Closes the engine's connections only (socket.io's own close() would also close the HTTP
      // server, which Fastify owns), as a transport close: every socket.io client reconnects by
      // itself — to another node behind the load balancer. A namespace disconnect
      // (`disconnectSockets`) would tell standard clients not to.
      io.engine.close();
      // Their sessions end in presence before the engine stops (in a cluster, through Redis).
      await Promise.allSettled([...leaving]);
    },
  };
}
