import { get, type IncomingMessage } from 'node:http';
import type { RunningProcess } from '../lib/child';
import { rssBytes } from '../lib/proc-stats';
import { summarize } from '../lib/stats';
import type { BenchUser } from '../targets/fixture';
import { connectAll } from './claims';
import type { IntegrationsBenchSizes } from './integrations-bench';
import { fmt, sentAtOf, sleep, wallNow } from './shared';

/** Integrations scenario 2: presence changes to 1,000 SSE streams, beside a bare node:http relay (sse-floor.ts). */

export async function measureSseBeacon(
  server: RunningProcess,
  sizes: IntegrationsBenchSizes['sse'],
  target: BenchUser,
  tokens: string[],
  log: (line: string) => void,
) {
  // The changed user must be online: an offline user's claims show nobody anything.
  const [targetSocket] = await connectAll(server.url, [target]);
  try {
    log('  Beacon:');
    const url = `${server.url}/api/v1/events?emails=${encodeURIComponent(target.email)}`;
    return await measureSse(
      server,
      sizes,
      url,
      { authorization: `Bearer ${tokens[0]}` },
      async (activity) => {
        const response = await fetch(
          `${server.url}/api/v1/presence/${encodeURIComponent(target.email)}/claims/bench-sse`,
          {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${tokens[1 % tokens.length]}`,
              'content-type': 'application/json',
            },
            // dnd: stricter than the busy claims left by part (1), so every change shows.
            body: JSON.stringify({ status: 'dnd', activity, ttlSeconds: 600 }),
          },
        );
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`claim PUT answered ${response.status}`);
      },
      log,
    );
  } finally {
    targetSocket?.close();
  }
}

/**
 * Opens `streams` SSE streams, then makes `changes` presence changes at a fixed pace through
 * `change`; each stream's latency is from the moment the change was started to its frame.
 */
export async function measureSse(
  server: RunningProcess,
  sizes: IntegrationsBenchSizes['sse'],
  url: string,
  headers: Record<string, string>,
  change: (activity: string) => Promise<void>,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  await sleep(1_000);
  const rssBefore = rssBytes(server.pid);
  const latencies: number[] = [];
  const responses: IncomingMessage[] = [];
  for (let i = 0; i < sizes.streams; i += 50) {
    const batch = Array.from(
      { length: Math.min(50, sizes.streams - i) },
      () =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const request = get(
            url,
            { headers: { ...headers, accept: 'text/event-stream' }, agent: false },
            (response) => {
              if (response.statusCode !== 200)
                reject(new Error(`GET events answered ${response.statusCode}`));
              let buffer = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => {
                buffer += chunk;
                let end = buffer.indexOf('\n\n');
                while (end >= 0) {
                  const frame = buffer.slice(0, end);
                  buffer = buffer.slice(end + 2);
                  const data = /\ndata: (.*)$/m.exec(frame)?.[1];
                  if (frame.includes('event: presence') && data) {
                    const parsed = JSON.parse(data) as { presence?: { activity?: string | null } };
                    const sentAt = sentAtOf(parsed.presence?.activity);
                    if (sentAt !== null) latencies.push(wallNow() - sentAt);
                  }
                  end = buffer.indexOf('\n\n');
                }
              });
              resolve(response);
            },
          );
          request.on('error', reject);
        }),
    );
    responses.push(...(await Promise.all(batch)));
  }
  await sleep(1_000);
  const rssAfter = rssBytes(server.pid);
  try {
    const startedAt = performance.now();
    for (let n = 0; n < sizes.changes; n++) {
      const dueAt = startedAt + (n * 1000) / sizes.changesPerSecond;
      await sleep(Math.max(0, dueAt - performance.now()));
      await change(`t:${wallNow().toFixed(3)}`);
    }
    const expected = sizes.changes * sizes.streams;
    const deadline = performance.now() + 10_000;
    while (latencies.length < expected && performance.now() < deadline) await sleep(100);
    const distribution = summarize(latencies);
    const perStreamKiB = (rssAfter - rssBefore) / sizes.streams / 1024;
    log(`    deliveries ${latencies.length}/${expected}`);
    log(
      `    change → stream p50 ${fmt(distribution.p50)} ms, p99 ${fmt(distribution.p99)} ms (target ≤ 100), max ${fmt(distribution.max)} ms`,
    );
    log(
      `    server RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB with the streams open: ${perStreamKiB.toFixed(1)} KiB per stream`,
    );
    return {
      deliveries: latencies.length,
      expected,
      p50Ms: distribution.p50,
      p99Ms: distribution.p99,
      maxMs: distribution.max,
      rssBeforeMiB: rssBefore / 2 ** 20,
      rssAfterMiB: rssAfter / 2 ** 20,
      rssPerStreamKiB: perStreamKiB,
    };
  } finally {
    for (const response of responses) response.destroy();
  }
}
