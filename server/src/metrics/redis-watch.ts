/** The one thing the watch needs of a Redis client (ioredis' `Redis` fits). */
export interface RedisPing {
  ping(): Promise<unknown>;
}

export interface RedisLatencySink {
  latency(seconds: number): void;
  failure(error: unknown): void;
}

/**
 * PINGs `client` every `intervalMs`, telling `sink` each round trip or failure. A PING still
 * waiting when the next is due is not doubled: while Redis hangs, one slow PING measures it.
 * Returns the stop function; the timer never keeps the process alive.
 */
export function watchRedisLatency(client: RedisPing, intervalMs: number, sink: RedisLatencySink): () => void {
  let inFlight = false;
  let stopped = false;
  const tick = () => {
    if (inFlight || stopped) return;
    inFlight = true;
    const startedAt = performance.now();
    // A client that throws instead of rejecting counts as a failure too.
    new Promise((resolve) => resolve(client.ping())).then(
      () => {
        inFlight = false;
        if (!stopped) sink.latency((performance.now() - startedAt) / 1000);
      },
      (error: unknown) => {
        inFlight = false;
        if (!stopped) sink.failure(error);
      },
    );
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
