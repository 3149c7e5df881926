import type { TargetKind } from '../generator/clients';
import type { GeneratorPool } from '../generator/pool';
import type { RunningProcess } from '../lib/child';
import type { BenchFixture } from '../targets/fixture';

export interface Sizes {
  messages: { pairs: number; ratePerSecond: number; warmupMs: number; durationMs: number; bodyChars: number };
  fanout: { watchers: number; rounds: number; warmupRounds: number };
  connections: { clients: number; contacts: number; ratePerSecond: number; settleMs: number };
  storm: { users: number; ratePerSecond: number; contacts: number };
}

export const FULL_SIZES: Sizes = {
  messages: { pairs: 100, ratePerSecond: 1_000, warmupMs: 3_000, durationMs: 30_000, bodyChars: 100 },
  fanout: { watchers: 1_000, rounds: 100, warmupRounds: 5 },
  connections: { clients: 10_000, contacts: 50, ratePerSecond: 500, settleMs: 5_000 },
  storm: { users: 1_000, ratePerSecond: 50, contacts: 50 },
};

/** For CI smoke runs: every scenario, small, under a minute for both targets. */
export const QUICK_SIZES: Sizes = {
  messages: { pairs: 20, ratePerSecond: 200, warmupMs: 500, durationMs: 3_000, bodyChars: 100 },
  fanout: { watchers: 200, rounds: 20, warmupRounds: 2 },
  connections: { clients: 1_000, contacts: 20, ratePerSecond: 500, settleMs: 2_000 },
  storm: { users: 20, ratePerSecond: 10, contacts: 10 },
};

/** How many users the fixture needs for every scenario. */
export function usersNeeded(sizes: Sizes): number {
  return Math.max(
    2 * sizes.messages.pairs,
    sizes.fanout.watchers + 1,
    sizes.connections.clients,
    sizes.storm.users,
  );
}

/** Clients per generator process: well under common open-file limits, and light on each event loop. */
export const CLIENTS_PER_GENERATOR = 2_500;

/** Generator processes for a run: enough for the largest scenario, at least two. */
export function generatorsNeeded(sizes: Sizes): number {
  return Math.max(2, Math.ceil(sizes.connections.clients / CLIENTS_PER_GENERATOR));
}

export interface ScenarioContext {
  kind: TargetKind;
  /** The run's load generators; a scenario leaves them without clients when it ends. */
  pool: GeneratorPool;
  target: RunningProcess;
  fixture: BenchFixture;
  sizes: Sizes;
  /** Where Beacon's database lives (on the disk whose fsync it pays). */
  dataDir: string;
  log(line: string): void;
}

export interface Figure {
  /** Stable key, e.g. "messages.ack.p99", used to pair Beacon's figure with the floor's. */
  key: string;
  label: string;
  unit: 'ms' | '%' | 'MiB' | 'KiB' | 'msg/s' | 'count';
  value: number;
}

export interface ScenarioResult {
  figures: Figure[];
  /** Anything worth keeping in the JSON (counts, failures, raw distributions). */
  details: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  title: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}
