export {
  ACK_BUCKETS_SECONDS,
  BeaconMetrics,
  type BeaconMetricsOptions,
  type CommitOperation,
  createBeaconMetrics,
  UNKNOWN_EVENT,
  UNMATCHED_ROUTE,
} from './beacon-metrics';
export { installHttpMetrics, METRICS_PATH } from './http';
export type { RedisPing } from './redis-watch';
export { withCommitTiming } from './store-timing';
