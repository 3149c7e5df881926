import type { Logger } from '../../logger';
import type { PresenceEngine } from '../../presence/engine';
import type { BeaconIo, RealtimeDeps } from '../types';
import { ConversationService } from './conversations';
import { DirectoryService } from './directory';
import { HiddenReadsService } from './hidden-reads';
import { MessageService } from './messages';
import { PresenceAlertService } from './presence-alerts';

/** Everything a socket handler may use: the services, the presence engine, and the io server for fan-out. */
export interface HandlerServices {
  io: BeaconIo;
  logger: Logger;
  presence: PresenceEngine;
  directory: DirectoryService;
  conversations: ConversationService;
  messages: MessageService;
  alerts: PresenceAlertService;
  /** Read positions of users who appear offline, frozen for everybody else. */
  hiddenReads: HiddenReadsService;
}

export function createHandlerServices(io: BeaconIo, deps: RealtimeDeps): HandlerServices {
  const hiddenReads = new HiddenReadsService({
    io,
    conversations: deps.store.conversations,
    presence: deps.presence,
    logger: deps.logger,
  });
  return {
    io,
    logger: deps.logger,
    presence: deps.presence,
    directory: new DirectoryService(deps.store, deps.presence),
    conversations: new ConversationService(deps.store, deps.policy, deps.now, hiddenReads.reads),
    messages: new MessageService(deps.store, deps.now),
    alerts: new PresenceAlertService(io, deps.store.users, deps.presence),
    hiddenReads,
  };
}
