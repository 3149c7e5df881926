/** Every session of one user. */
export const userRoom = (userId: string) => `user:${userId}`;
/** Every session subscribed to one user's presence. */
export const presenceRoom = (userId: string) => `presence:${userId}`;
/** Every socket opened with one bearer token (for logout). */
export const tokenRoom = (tokenKey: string) => `token:${tokenKey}`;
