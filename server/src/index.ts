// The server's public API: the CLI, e2e tests, benchmarks and the desktop `npm start` launcher use it.
export { type BeaconServer, type BeaconServerOverrides, createBeaconServer } from './app';
export { databaseFile, resolveDataDir } from './config/data-dir';
export {
  ConfigError,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_PRESENCE_GRACE_MS,
  resolveServerConfig,
  type ServerConfig,
  type ServerConfigInput,
} from './config/server-config';
export { DEMO_DOMAIN, DEMO_PASSWORD, DEMO_PEOPLE } from './demo/seed';
export { createLogger, type Logger, type LogLevel } from './logger';
export type { Clock } from './presence/clock';
export { PresenceEngine } from './presence/engine';
