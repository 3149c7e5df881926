import { createHash } from 'node:crypto';
import { toUser } from '../accounts/public-user';
import type { Logger } from '../logger';
import type { BeaconSocket, SessionResolver } from './types';

/** The room key of a bearer token: its hash, so raw tokens are never kept around. */
export function tokenKeyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * socket.io middleware: the handshake's `auth.token` must resolve to an enabled user's
 * live session, else the connection is refused with `connect_error` "unauthorized".
 */
export function authenticateHandshake(sessions: SessionResolver, logger: Logger) {
  return (socket: BeaconSocket, next: (error?: Error) => void): void => {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null && 'token' in auth ? auth.token : undefined;
    if (typeof token !== 'string' || token.length === 0) {
      next(new Error('unauthorized'));
      return;
    }
    sessions.resolve(token).then(
      (user) => {
        if (!user) {
          next(new Error('unauthorized'));
          return;
        }
        socket.data.user = toUser(user);
        socket.data.tokenKey = tokenKeyOf(token);
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'session lookup failed during handshake');
        next(new Error('internal'));
      },
    );
  };
}
