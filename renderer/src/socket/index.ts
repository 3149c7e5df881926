export {
  BeaconClient,
  type ClientOptions,
  type ClientTiming,
  DEFAULT_TIMING,
  type SessionEndReason,
} from './client';
export { CommandError, type CommandErrorCode, describeError, describeSendFailure } from './errors';
export { InMemoryOutboxStorage, Outbox, type OutboxStorage } from './outbox';
export { createSocketIoTransport, type TransportFactory, type TransportSocket } from './transport';
