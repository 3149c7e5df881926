import type { Logger } from '../../logger';
import type { BeaconMetrics } from '../../metrics';
import type { PresenceService } from '../../presence/service';
import { OrderedFanout } from '../ordered-fanout';
import type { BeaconIo, RealtimeDeps } from '../types';
import { DEFAULT_USER_RATE_LIMITS, UserRateLimiter } from '../user-rate-limit';
import { ConversationService } from './conversations';
import { DirectoryService } from './directory';
import { GroupService } from './group-changes';
import { HiddenReadsService } from './hidden-reads';
import { MessageChangeService } from './message-changes';
import { MessageService } from './messages';
import { PresenceAlertService } from './presence-alerts';
import { SearchService } from './search';

/** Everything a socket handler may use: the services, the presence engine, and the io server for fan-out. */
export interface HandlerServices {
  io: BeaconIo;
  logger: Logger;
  presence: PresenceService;
  directory: DirectoryService;
  conversations: ConversationService;
  messages: MessageService;
  alerts: PresenceAlertService;
  /** Read positions of users who appear offline, frozen for everybody else. */
  hiddenReads: HiddenReadsService;
  /** Conversations v2: rename, add, remove, leave, hide. */
  groups: GroupService;
  /** Messages v2: full-text search. */
  search: SearchService;
  /** Messages v2: edits, deletes, reactions. */
  messageChanges: MessageChangeService;
  /** Messages v2: per-user rate limits shared by all of a user's sessions. */
  userRateLimits: UserRateLimiter;
  /** Live message fan-out, in commit order per conversation. */
  fanout: OrderedFanout;
  /** Counts socket events and times their acks (handler.ts); omitted: not measured. */
  metrics?: BeaconMetrics | undefined;
}

export function createHandlerServices(io: BeaconIo, deps: RealtimeDeps): HandlerServices {
  const hiddenReads = new HiddenReadsService({
    io,
    conversations: deps.store.conversations,
    presence: deps.presence,
    logger: deps.logger,
  });
  const conversations = new ConversationService(
    deps.store,
    deps.policy,
    deps.now,
    hiddenReads.reads,
    deps.groupLimits,
  );
  return {
    io,
    logger: deps.logger,
    presence: deps.presence,
    directory: new DirectoryService(deps.store, deps.presence),
    conversations,
    messages: new MessageService(deps.store, deps.now),
    alerts: new PresenceAlertService(io, deps.store.users, deps.presence),
    hiddenReads,
    groups: new GroupService(deps.store, conversations, deps.now),
    search: new SearchService(deps.store),
    messageChanges: new MessageChangeService(deps.store, deps.now, {
      editWindowMs: deps.messaging?.editWindowMs ?? null,
    }),
    userRateLimits: new UserRateLimiter(
      deps.messaging?.userRateLimits ?? DEFAULT_USER_RATE_LIMITS,
      deps.sharedRates ? { backend: deps.sharedRates } : {},
    ),
    fanout: new OrderedFanout((error, conversationId) =>
      deps.logger.error({ err: error, conversationId }, 'delivering a message failed'),
    ),
    metrics: deps.metrics,
  };
}
