import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServerCli, SERVER_USAGE, UsageError } from '../cli/server-options';
import { resolveServerConfig } from '../config/server-config';
import { DAY_MS } from './durations';
import { RetentionService } from './retention';
import {
  RETENTION_LAST_RUN_SETTING,
  RetentionJob,
  type RetentionPurgeMode,
  SERVER_ACTOR,
} from './retention-job';
import {
  ADMIN,
  conversation,
  daysAgo,
  makeWorld,
  NOW,
  send,
  visibleBodies,
  type World,
} from './testing/retention-fixtures';

const HOUR_MS = 60 * 60 * 1000;
let world: World;
let team: string;
let clock: number;

function job(mode: RetentionPurgeMode): RetentionJob {
  return new RetentionJob({ store: world.store, mode, now: () => clock, logger: pino({ level: 'silent' }) });
}

async function purgeRuns() {
  return (await world.store.audit.list()).filter((entry) => entry.action === 'retention.purge');
}

beforeEach(async () => {
  world = await makeWorld();
  clock = NOW;
  team = await conversation(world.store, 'group', [world.alice.id, world.bob.id]);
  await send(world.store, team, world.alice.id, 'old', daysAgo(200));
  await new RetentionService(world.store).setPolicy({ messagesMs: 90 * DAY_MS }, NOW, ADMIN);
});
afterEach(async () => {
  await world.store.close();
});

describe('the nightly retention purge', () => {
  it('is a dry run unless the server is told --retention-purge apply', () => {
    expect(resolveServerConfig({ dataDir: '/tmp/x' }).retentionPurge).toBe('dry-run');
    expect(resolveServerConfig({ dataDir: '/tmp/x', retentionPurge: 'apply' }).retentionPurge).toBe('apply');
    const parsed = (argv: string[]) => {
      const options = parseServerCli(argv);
      if (options === 'help') throw new Error('help');
      return options;
    };
    expect(parsed([]).retentionPurge).toBe('dry-run');
    expect(parsed(['--retention-purge', 'apply']).retentionPurge).toBe('apply');
    expect(() => parsed(['--retention-purge', 'now'])).toThrow(UsageError);
    expect(() => parsed(['--retention-purge', 'now'])).toThrow(
      '--retention-purge must be one of dry-run, apply, got "now"',
    );
    expect(SERVER_USAGE).toContain('--retention-purge <mode>');
  });

  it('in dry-run mode reports and audits what would go, and removes nothing', async () => {
    const report = await job(resolveServerConfig({ dataDir: '/tmp/x' }).retentionPurge).check();
    expect(report).toMatchObject({ applied: false, totals: { messages: 1 } });
    expect(await visibleBodies(world.store, team)).toEqual(['old']);
    const [run] = await purgeRuns();
    expect(run).toMatchObject({ ...SERVER_ACTOR, at: NOW, details: { applied: false } });
  });

  it('runs once a day: the hourly checks in between do nothing, and the last run survives a restart', async () => {
    expect(await job('dry-run').check()).not.toBeNull();
    expect(await world.store.settings.get(RETENTION_LAST_RUN_SETTING)).toBe(String(NOW));
    clock = NOW + 23 * HOUR_MS;
    expect(await job('dry-run').check()).toBeNull();
    clock = NOW + 24 * HOUR_MS;
    expect(await job('dry-run').check()).not.toBeNull();
    expect((await purgeRuns()).map((entry) => entry.at)).toEqual([NOW, NOW + 24 * HOUR_MS]);
  });

  it('in apply mode purges', async () => {
    const report = await job('apply').check();
    expect(report).toMatchObject({ applied: true, totals: { messages: 1 } });
    expect(await visibleBodies(world.store, team)).toEqual([]);
    expect((await purgeRuns())[0]?.details).toMatchObject({ applied: true });
  });
});
