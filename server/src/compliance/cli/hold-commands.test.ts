import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../store/sqlite/testing/temp-files';
import { inspect, runCommand, seedDataDir } from '../testing/cli-harness';
import { ADMIN, conversation, NOW } from '../testing/retention-fixtures';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './command-group';
import { HOLD_GROUP, HOLD_USAGE } from './hold-commands';

const dirs = tempDirs();
let dataDir: string;
let team: string;
let bobId: string;

const hold = (...args: string[]) => runCommand(HOLD_GROUP, dataDir, args);
const holdAt = (now: number, ...args: string[]) => runCommand(HOLD_GROUP, dataDir, args, now);

/** The id `hold add` prints alone on its last line. */
function printedId(out: string): string {
  return out.trimEnd().split('\n').at(-1) ?? '';
}

beforeEach(async () => {
  dataDir = dirs.make();
  await seedDataDir(dataDir, async ({ store, alice, bob }) => {
    bobId = bob.id;
    team = await conversation(store, 'group', [alice.id, bob.id]);
  });
});
afterEach(() => dirs.cleanup());

describe('hold add, list and release', () => {
  it('places a hold on a user, lists it, releases it, and audits both', async () => {
    const added = await hold(
      'add',
      '--user',
      'Bob@Acme.test',
      '--case',
      'Case 2026-14',
      '--reason',
      'SEC inquiry',
    );
    expect(added.code).toBe(EXIT_OK);
    expect(added.out).toMatch(
      /^Legal hold placed on user bob@acme.test for case "Case 2026-14"\.\n[0-9a-f-]{36}\n$/,
    );
    const id = printedId(added.out);
    expect(await inspect(dataDir, (store) => store.retention.holds())).toEqual([
      expect.objectContaining({
        id,
        kind: 'user',
        targetId: bobId,
        caseName: 'Case 2026-14',
        reason: 'SEC inquiry',
      }),
    ]);

    const listed = await hold('list');
    expect(listed.out).toBe(
      `${id}  user bob@acme.test  case "Case 2026-14"\n` +
        `    placed ${new Date(NOW).toISOString()} by ${ADMIN.actor}; reason: SEC inquiry\n`,
    );

    const released = await holdAt(NOW + 1000, 'release', id);
    expect(released).toEqual({
      code: EXIT_OK,
      out: `Legal hold ${id} (case "Case 2026-14") released.\n`,
      err: '',
    });
    expect((await hold('list')).out).toBe('No active legal holds.\n');
    expect((await hold('list', '--all')).out).toContain(
      `    released ${new Date(NOW + 1000).toISOString()} by ${ADMIN.actor}\n`,
    );

    const audit = await inspect(dataDir, (store) => store.audit.list());
    expect(audit.map((entry) => [entry.action, entry.target, entry.actor])).toEqual([
      ['hold.add', 'bob@acme.test', ADMIN.actor],
      ['hold.release', 'bob@acme.test', ADMIN.actor],
    ]);
    expect(audit[0]?.details).toEqual({
      holdId: id,
      kind: 'user',
      targetId: bobId,
      case: 'Case 2026-14',
      reason: 'SEC inquiry',
    });
  });

  it('places a hold on a conversation', async () => {
    const added = await hold('add', '--conversation', team, '--case', 'Case 7', '--reason', 'audit');
    expect(added.code).toBe(EXIT_OK);
    expect(await inspect(dataDir, (store) => store.retention.heldConversationIds())).toEqual(new Set([team]));
    expect((await hold('list')).out).toContain(`conversation ${team}  case "Case 7"`);
  });
});

describe('refusals', () => {
  it('names unknown users, conversations and holds, and a hold released twice', async () => {
    const unknownUser = await hold('add', '--user', 'nobody@acme.test', '--case', 'C', '--reason', 'r');
    expect(unknownUser).toEqual({ code: EXIT_FAILURE, out: '', err: 'error: no user nobody@acme.test\n' });
    expect((await hold('add', '--user', 'not an address', '--case', 'C', '--reason', 'r')).err).toMatch(
      /is not an e-mail address/,
    );
    expect((await hold('add', '--conversation', 'c-404', '--case', 'C', '--reason', 'r')).err).toBe(
      'error: no conversation "c-404"\n',
    );
    expect((await hold('add', '--user', 'bob@acme.test', '--case', '  ', '--reason', 'r')).err).toBe(
      'error: the case must not be empty\n',
    );
    expect((await hold('release', 'h-404')).err).toBe(
      'error: no legal hold "h-404" (see "hold list --all")\n',
    );

    const id = printedId((await hold('add', '--user', 'bob@acme.test', '--case', 'C', '--reason', 'r')).out);
    await hold('release', id);
    const again = await hold('release', id);
    expect(again.code).toBe(EXIT_FAILURE);
    expect(again.err).toMatch(new RegExp(`^error: legal hold "${id}" was already released on `));
    const audit = await inspect(dataDir, (store) => store.audit.list());
    expect(audit.map((entry) => entry.action)).toEqual(['hold.add', 'hold.release']);
  });

  it('refuses incomplete or contradictory commands with a usage error', async () => {
    for (const args of [
      ['add', '--case', 'C', '--reason', 'r'],
      ['add', '--user', 'bob@acme.test', '--conversation', team, '--case', 'C', '--reason', 'r'],
      ['add', '--user', 'bob@acme.test', '--reason', 'r'],
      ['add', '--user', 'bob@acme.test', '--case', 'C'],
      ['list', '--user', 'bob@acme.test'],
      ['release'],
      ['release', 'a', 'b'],
      ['pause'],
    ]) {
      const result = await hold(...args);
      expect(result.code, args.join(' ')).toBe(EXIT_USAGE);
      expect(result.err).toMatch(/^error: .+\nRun with --help for usage\.\n$/);
    }
    expect(await inspect(dataDir, (store) => store.retention.holds({ includeReleased: true }))).toEqual([]);
  });

  it('prints its usage with --help', async () => {
    expect((await hold('--help')).out).toContain(HOLD_USAGE);
  });
});
