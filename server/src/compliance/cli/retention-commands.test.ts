import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../store/sqlite/testing/temp-files';
import { DAY_MS, YEAR_MS } from '../durations';
import { inspect, runCommand, seedDataDir } from '../testing/cli-harness';
import { ADMIN, conversation, daysAgo, send, visibleBodies } from '../testing/retention-fixtures';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './command-group';
import { RETENTION_GROUP, RETENTION_USAGE } from './retention-commands';

const dirs = tempDirs();
let dataDir: string;
let team: string;

const retention = (...args: string[]) => runCommand(RETENTION_GROUP, dataDir, args);

beforeEach(async () => {
  dataDir = dirs.make();
  await seedDataDir(dataDir, async ({ store, alice, bob }) => {
    team = await conversation(store, 'group', [alice.id, bob.id]);
    await send(store, team, alice.id, 'old', daysAgo(200));
    await send(store, team, bob.id, 'new', daysAgo(1));
  });
});
afterEach(() => dirs.cleanup());

describe('retention set and show', () => {
  it('sets the organisation policy and an override, and shows what is in force', async () => {
    expect(await retention('set', '--messages', '90d', '--archive', '7y')).toEqual({
      code: EXIT_OK,
      out: 'Retention for the organisation set: messages 90d, archive 7y.\n',
      err: '',
    });
    expect((await retention('set', '--kind', 'direct', '--messages', '2w')).out).toBe(
      'Retention for direct conversations set: messages 2w, archive 7y.\n',
    );
    const shown = await retention('show');
    expect(shown.code).toBe(EXIT_OK);
    expect(shown.out).toMatch(
      /organisation +messages 90d, archive 7y {2}\(set 2026-06-01T02:00:00.000Z by cli:admin@test\)/,
    );
    expect(shown.out).toMatch(/direct conversations +messages 2w, archive 7y {2}\(the direct override\)/);
    expect(shown.out).toMatch(
      /group conversations +messages 90d, archive 7y {2}\(the organisation's policy\)/,
    );
    expect(shown.out).toContain('Active legal holds: 0');
    const policies = await inspect(dataDir, (store) => store.retention.policies());
    expect(policies.map(({ scope, messagesMs, archiveMs }) => [scope, messagesMs, archiveMs])).toEqual([
      ['all', 90 * DAY_MS, 7 * YEAR_MS],
      ['direct', 14 * DAY_MS, 7 * YEAR_MS],
    ]);
    const audit = await inspect(dataDir, (store) => store.audit.list());
    expect(audit.map((entry) => [entry.action, entry.target, entry.actor])).toEqual([
      ['retention.set', 'all', ADMIN.actor],
      ['retention.set', 'direct', ADMIN.actor],
    ]);
  });

  it('shows that everything is kept when nothing is set, and accepts forever and 0d', async () => {
    expect((await retention('show')).out).toContain('none: everything is kept forever');
    expect((await retention('set', '--messages', '0d', '--archive', 'forever')).out).toContain(
      'messages 0d, archive forever',
    );
  });

  it('warns when messages would outlive the archive, and still sets the policy', async () => {
    const result = await retention('set', '--messages', '2y', '--archive', '1y');
    expect(result.code).toBe(EXIT_OK);
    expect(result.err).toMatch(
      /^warning: direct conversations: messages stay visible for 2y but the archive keeps them only 1y/,
    );
    expect(result.err.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses bad periods, kinds and options with a usage error, and changes nothing', async () => {
    for (const args of [
      ['set', '--messages', '90 days'],
      ['set', '--archive=-1d'],
      ['set', '--archive', '2000y'],
      ['set', '--messages', '5m'],
      ['set', '--kind', 'channel', '--messages', '1d'],
      ['set'],
      ['show', '--apply'],
      ['purge', '--force'],
      ['frobnicate'],
      [],
    ]) {
      const result = await retention(...args);
      expect(result.code, args.join(' ')).toBe(EXIT_USAGE);
      expect(result.err).toMatch(/^error: .+\nRun with --help for usage\.\n$/s);
    }
    expect((await retention('set', '--messages', '90 days')).err).toContain(
      '--messages: "90 days" is not a retention period (expected e.g. 90d, 12w, 7y, 0d or forever)',
    );
    expect(await inspect(dataDir, (store) => store.retention.policies())).toEqual([]);
    expect(await inspect(dataDir, (store) => store.audit.list())).toEqual([]);
  });

  it('prints its usage with --help', async () => {
    const result = await retention('--help');
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain(RETENTION_USAGE);
  });

  it('says when the data directory has no database', async () => {
    const result = await runCommand(RETENTION_GROUP, dirs.make(), ['show']);
    expect(result.code).toBe(EXIT_FAILURE);
    expect(result.err).toMatch(/^error: no Beacon database in /);
  });
});

describe('retention preview and purge', () => {
  beforeEach(async () => {
    await retention('set', '--messages', '90d');
  });

  it('previews without changing or auditing anything', async () => {
    const result = await retention('preview');
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain('preview only, nothing was removed');
    expect(result.out).toMatch(
      /group conversations .*\n {2}messages sent before 2026-03-03T02:00:00.000Z: 1 message in 1 conversation would go/,
    );
    expect(result.out).toContain('Run "retention purge --apply" to remove it.');
    expect(await inspect(dataDir, (store) => visibleBodies(store, team))).toEqual(['old', 'new']);
    expect((await inspect(dataDir, (store) => store.audit.list())).map((entry) => entry.action)).toEqual([
      'retention.set',
    ]);
  });

  it('purge without --apply is the preview, says so, and is audited as not applied', async () => {
    const result = await retention('purge');
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain('This was a preview (written to the audit log): add --apply to remove it.');
    expect(await inspect(dataDir, (store) => visibleBodies(store, team))).toEqual(['old', 'new']);
    const [, purge] = await inspect(dataDir, (store) => store.audit.list());
    expect(purge).toMatchObject({
      action: 'retention.purge',
      actor: ADMIN.actor,
      details: { applied: false },
    });
    expect(purge?.details.totals).toEqual({ messages: 1, archiveEntries: 0, heldConversations: 0 });
  });

  it('purge --apply removes what the policy allows and is audited as applied', async () => {
    const result = await retention('purge', '--apply');
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toContain(': applied.');
    expect(result.out).toContain('1 message in 1 conversation removed');
    expect(await inspect(dataDir, (store) => visibleBodies(store, team))).toEqual(['new']);
    const [, purge] = await inspect(dataDir, (store) => store.audit.list());
    expect(purge).toMatchObject({
      action: 'retention.purge',
      details: { applied: true, totals: { messages: 1 } },
    });
  });
});
