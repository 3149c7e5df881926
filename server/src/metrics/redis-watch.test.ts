import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createBeaconMetrics } from './beacon-metrics';
import { watchRedisLatency } from './redis-watch';
import { parseExposition, sampleValue } from './testing';

const REDIS_URL = process.env.BEACON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('watchRedisLatency', () => {
  it('pings at once and then every interval, never two at a time, until stopped', async () => {
    vi.useFakeTimers();
    try {
      let answer: (() => void) | undefined;
      const client = {
        ping: vi.fn(
          () =>
            new Promise<void>((resolve) => {
              answer = resolve;
            }),
        ),
      };
      const sink = { latency: vi.fn(), failure: vi.fn() };
      const stop = watchRedisLatency(client, 100, sink);
      expect(client.ping).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(350);
      // The first PING still waits: no second one is sent behind it.
      expect(client.ping).toHaveBeenCalledTimes(1);
      answer?.();
      await vi.advanceTimersByTimeAsync(0);
      expect(sink.latency).toHaveBeenCalledTimes(1);
      expect(sink.latency.mock.calls[0]?.[0]).toBeGreaterThanOrEqual(0.35);
      await vi.advanceTimersByTimeAsync(100);
      expect(client.ping).toHaveBeenCalledTimes(2);
      stop();
      answer?.();
      await vi.advanceTimersByTimeAsync(500);
      expect(client.ping).toHaveBeenCalledTimes(2);
      expect(sink.latency).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a PING that rejects or throws as a failure', async () => {
    const sink = { latency: vi.fn(), failure: vi.fn() };
    const stopRejecting = watchRedisLatency({ ping: () => Promise.reject(new Error('down')) }, 1_000, sink);
    const stopThrowing = watchRedisLatency(
      {
        ping: () => {
          throw new Error('closed');
        },
      },
      1_000,
      sink,
    );
    await vi.waitFor(() => expect(sink.failure).toHaveBeenCalledTimes(2));
    stopRejecting();
    stopThrowing();
    expect(sink.latency).not.toHaveBeenCalled();
  });
});

describe('BeaconMetrics.watchRedis on a real Redis', () => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  afterAll(() => redis.disconnect());

  it('fills beacon_redis_latency_seconds from PINGs', async () => {
    await redis.connect();
    const metrics = createBeaconMetrics({ nodeId: 'redis-test', defaultMetrics: false });
    const stop = metrics.watchRedis(redis, 20);
    const count = async () =>
      sampleValue(parseExposition((await metrics.scrape()).body), 'beacon_redis_latency_seconds_count');
    await vi.waitFor(async () => expect(await count()).toBeGreaterThanOrEqual(5), { timeout: 2_000 });
    stop();
    const samples = parseExposition((await metrics.scrape()).body);
    const observed = sampleValue(samples, 'beacon_redis_latency_seconds_count') ?? 0;
    const sum = sampleValue(samples, 'beacon_redis_latency_seconds_sum') ?? 0;
    // Loopback: well under 50 ms a PING (typically ~0.1 ms).
    expect(sum / observed).toBeLessThan(0.05);
    expect(sampleValue(samples, 'beacon_redis_ping_failures_total')).toBe(0);
  });
});
