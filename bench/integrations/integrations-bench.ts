import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFile } from '../../server/src/config/data-dir';
import { IntegrationService } from '../../server/src/integrations/service';
import { openSqliteStore } from '../../server/src/store/sqlite';
import { startProcess } from '../lib/child';
import { prepareBeaconData } from '../targets/beacon';
import type { BenchUser } from '../targets/fixture';
import { measureClaims } from './claims';
import { withBeacon } from './shared';
import { measureSse, measureSseBeacon } from './sse';
import { measureWebhooks } from './webhooks';

export interface IntegrationsBenchSizes {
  claims: {
    /** Users whose status the integrations claim; each is connected (an offline user shows offline). */
    targets: number;
    watchers: number;
    /** How many targets each watcher follows (watcher i: targets i … i + n − 1). */
    followsPerWatcher: number;
    tokens: number;
    ratePerSecond: number;
    warmupMs: number;
    durationMs: number;
  };
  sse: { streams: number; changes: number; changesPerSecond: number };
  webhooks: { targets: number; ratePerSecond: number; durationMs: number; drainMs: number };
}

export const INTEGRATIONS_FULL: IntegrationsBenchSizes = {
  claims: {
    targets: 1_000,
    watchers: 1_000,
    followsPerWatcher: 5,
    tokens: 4,
    ratePerSecond: 1_000,
    warmupMs: 2_000,
    durationMs: 20_000,
  },
  sse: { streams: 1_000, changes: 100, changesPerSecond: 10 },
  webhooks: { targets: 100, ratePerSecond: 1_000, durationMs: 10_000, drainMs: 30_000 },
};
export const INTEGRATIONS_QUICK: IntegrationsBenchSizes = {
  claims: {
    targets: 100,
    watchers: 100,
    followsPerWatcher: 5,
    tokens: 2,
    ratePerSecond: 200,
    warmupMs: 500,
    durationMs: 2_000,
  },
  sse: { streams: 100, changes: 20, changesPerSecond: 10 },
  webhooks: { targets: 20, ratePerSecond: 200, durationMs: 2_000, drainMs: 10_000 },
};

export interface IntegrationsBenchFigures {
  claims: Record<string, number | Record<string, number>>;
  sse: { beacon: Record<string, number>; floor: Record<string, number> | null };
  webhooks: Record<string, number>;
}

/**
 * Integration API figures (issue 10): claims → socket watchers, SSE fan-out (beside a bare
 * node:http SSE relay), and webhook throughput to a local receiver. The real server CLI as a
 * child process on a data dir prepared through the store; the claims come from a separate
 * load-generator process (claim-driver.ts).
 */
export async function runIntegrationsBench(
  sizes: IntegrationsBenchSizes,
  options: { floor: boolean; cpuProfileDir?: string },
  log: (line: string) => void,
): Promise<IntegrationsBenchFigures> {
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-integrations-bench-'));
  try {
    const dataDir = join(workDir, 'data');
    const { claims } = sizes;
    log(`preparing ${claims.targets + claims.watchers} users and ${claims.tokens} integration tokens…`);
    const fixture = await prepareBeaconData(dataDir, { users: claims.targets + claims.watchers, pairs: 0 });
    const store = openSqliteStore(databaseFile(dataDir));
    const tokens: string[] = [];
    try {
      const service = new IntegrationService(store);
      for (let i = 0; i < claims.tokens; i++) {
        tokens.push((await service.add(`bench-${i}`, ['presence:write', 'events:read'])).token);
      }
    } finally {
      await store.close();
    }
    const targets = fixture.users.slice(0, claims.targets);
    const watchers = fixture.users.slice(claims.targets);

    log(`\n(1) ${claims.ratePerSecond} claims/s → ${claims.watchers} socket watchers`);
    const claimFigures = await withBeacon(dataDir, options.cpuProfileDir, (server) =>
      measureClaims(server, workDir, sizes, targets, watchers, tokens, log),
    );

    log(`\n(2) SSE: ${sizes.sse.streams} open streams, ${sizes.sse.changes} presence changes`);
    const sseBeacon = await withBeacon(dataDir, options.cpuProfileDir, (server) =>
      measureSseBeacon(server, sizes.sse, targets[0] as BenchUser, tokens, log),
    );
    let sseFloor: Record<string, number> | null = null;
    if (options.floor) {
      const floor = await startProcess(
        ['--import', 'tsx', 'bench/integrations/sse-floor.ts'],
        /sse floor listening on (http:\/\/\S+)/,
      );
      try {
        log('  floor (bare node:http SSE relay):');
        sseFloor = await measureSse(
          floor,
          sizes.sse,
          `${floor.url}/events`,
          {},
          async (activity) => {
            const response = await fetch(`${floor.url}/publish`, {
              method: 'POST',
              body: JSON.stringify({ email: 'x', presence: { activity } }),
            });
            await response.arrayBuffer();
          },
          log,
        );
      } finally {
        await floor.stop();
      }
    }

    log(`\n(3) webhooks: ${sizes.webhooks.ratePerSecond} presence changes/s → a receiver on 127.0.0.1`);
    // Users without part (1)'s claims: theirs would still be there (600 s) and add the
    // presence changes of the targets' own connections to what the receiver counts.
    const webhookFigures = await measureWebhooks(
      { dataDir, workDir, cpuProfileDir: options.cpuProfileDir },
      sizes.webhooks,
      watchers,
      tokens,
      log,
    );
    return { claims: claimFigures, sse: { beacon: sseBeacon, floor: sseFloor }, webhooks: webhookFigures };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
