import { handleEvent } from '../handler';
import { enforceRateLimit, TokenBucket, type TokenBucketLimit } from '../rate-limit';
import type { HandlerServices } from '../services';
import type { BeaconSocket } from '../types';

/** Per session: search-as-you-type sends a few a second; a burst covers a quick refinement. */
export const SEARCH_RATE_LIMIT: TokenBucketLimit = { ratePerSecond: 10, burst: 30 };

export function registerSearchHandlers(socket: BeaconSocket, services: HandlerServices): void {
  const { search } = services;
  const searchLimit = new TokenBucket(SEARCH_RATE_LIMIT);

  handleEvent(socket, 'message:search', services, ({ user }, payload) => {
    enforceRateLimit(searchLimit, 'searches');
    return search.search(user.id, payload);
  });
}
