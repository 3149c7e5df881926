/**
 * What the metrics add to each socket ack (issue 13): the cost, in ns per event, of what
 * `handleEvent` does for them — two `performance.now()`, `eventReceived` and `eventAcked` —
 * beside a bare histogram observation and prom-client's own label lookup.
 * Run: `npx tsx bench/metrics/ack-overhead.ts [iterations]`.
 */
import type { ClientEventName } from '@beacon/protocol';
import { Histogram, Registry } from 'prom-client';
import { createBeaconMetrics } from '../../server/src/metrics';

const iterations = Number(process.argv[2] ?? 2_000_000);
const EVENTS: ClientEventName[] = ['message:send', 'message:read', 'typing', 'presence:set'];

/** ns per call of `body`, best of 5 runs after a warm-up. */
function nsPerCall(body: (i: number) => void): number {
  for (let i = 0; i < iterations / 10; i++) body(i);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) body(i);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / iterations);
  }
  return best;
}

const metrics = createBeaconMetrics({ nodeId: 'bench', defaultMetrics: false });
const registers = [new Registry()];
const raw = new Histogram({ name: 'raw_seconds', help: 'raw', labelNames: ['event'], registers });
const event = (i: number) => EVENTS[i & 3] ?? 'typing';
let sink = 0;

const rows: Array<[string, number]> = [
  ['performance.now() (×2 per event)', nsPerCall(() => (sink += performance.now()))],
  ['eventReceived (counter)', nsPerCall((i) => metrics.eventReceived(event(i)))],
  ['eventAcked (histogram, 12 buckets)', nsPerCall((i) => metrics.eventAcked(event(i), (i % 1000) * 1e-5))],
  ['bare prom-client observe({ event }, v)', nsPerCall((i) => raw.observe({ event: event(i) }, 1e-3))],
  [
    'per ack, as handleEvent does it',
    nsPerCall((i) => {
      const receivedAt = performance.now();
      metrics.eventReceived(event(i));
      metrics.eventAcked(event(i), (performance.now() - receivedAt) / 1000);
    }),
  ],
];
for (const [name, ns] of rows) console.log(`${name.padEnd(48)} ${ns.toFixed(1).padStart(7)} ns`);
const scrapeStarted = performance.now();
const body = (await metrics.scrape()).body;
console.log(
  `scrape of ${body.split('\n').length} lines: ${(performance.now() - scrapeStarted).toFixed(2)} ms (iterations ${iterations}, ${sink > 0 ? 'ok' : ''})`,
);
