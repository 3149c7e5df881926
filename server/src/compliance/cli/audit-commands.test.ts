import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminHarness } from '../../accounts/testing/run-admin';
import type { AuditEntry, NewAuditEntry } from '../../store/types';

const admin = adminHarness();
beforeEach(async () => {
  await admin.setUp();
  await admin.withStore(async (store) => {
    for (const entry of SEEDED) await store.audit.append(entry);
  });
});
afterEach(() => admin.tearDown());

const cli = { actor: 'cli:root@host', source: 'cli', address: null } as const;
const http = { actor: 'ada@acme.test', source: 'http', address: '203.0.113.7' } as const;
const SEEDED: NewAuditEntry[] = [
  {
    ...cli,
    at: Date.UTC(2026, 1, 28, 23, 59),
    action: 'user.add',
    target: 'ada@acme.test',
    details: { name: 'Ada' },
  },
  { ...cli, at: Date.UTC(2026, 2, 1, 0, 0), action: 'user.disable', target: 'bo@acme.test', details: {} },
  {
    ...http,
    at: Date.UTC(2026, 2, 1, 12, 30),
    action: 'compliance.export',
    target: null,
    details: { format: 'eml' },
  },
  { ...cli, at: Date.UTC(2026, 2, 2, 8, 0), action: 'user.enable', target: 'bo@acme.test', details: {} },
];

const seqsOf = (jsonLines: string) =>
  jsonLines
    .trimEnd()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as AuditEntry).seq);

describe('admin audit list', () => {
  it('prints the log as a table, oldest first', async () => {
    const result = await admin.run(['audit', 'list']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(
      [
        'SEQ  TIME                      ACTOR          SOURCE            ACTION             TARGET         DETAILS',
        '1    2026-02-28T23:59:00.000Z  cli:root@host  cli               user.add           ada@acme.test  {"name":"Ada"}',
        '2    2026-03-01T00:00:00.000Z  cli:root@host  cli               user.disable       bo@acme.test   -',
        '3    2026-03-01T12:30:00.000Z  ada@acme.test  http 203.0.113.7  compliance.export  -              {"format":"eml"}',
        '4    2026-03-02T08:00:00.000Z  cli:root@host  cli               user.enable        bo@acme.test   -',
        '4 entries',
        '',
      ].join('\n'),
    );
  });

  it('filters by --since and --until: dates are whole UTC days, times exact, until exclusive', async () => {
    const json = async (...argv: string[]) => {
      const result = await admin.run(['audit', 'list', '--json', ...argv]);
      expect(result.code, argv.join(' ')).toBe(0);
      return seqsOf(result.out);
    };
    expect(await json('--since', '2026-03-01')).toEqual([2, 3, 4]);
    expect(await json('--until', '2026-03-01')).toEqual([1, 2, 3]);
    expect(await json('--since', '2026-03-01', '--until', '2026-03-01')).toEqual([2, 3]);
    expect(await json('--since', '2026-03-01T00:00:01Z', '--until', '2026-03-01T12:30:00Z')).toEqual([]);
    expect(await json('--since', '2026-03-01T12:30:00Z', '--until', '2026-03-02T08:00:00.001Z')).toEqual([
      3, 4,
    ]);
    expect(await json('--since', '2026-03-01T13:30:00+01:00')).toEqual([3, 4]);
  });

  it('keeps the newest --limit entries of the range and says there may be more', async () => {
    const table = await admin.run(['audit', 'list', '--limit', '2']);
    expect(table.out).toMatch(/^SEQ .*\n3 .*\n4 .*\n2 entries\nThe newest 2 of the range are shown/);
    const json = await admin.run(['audit', 'list', '--limit', '2', '--json']);
    expect(seqsOf(json.out)).toEqual([3, 4]);
    expect(json.err).toMatch(/The newest 2 of the range are shown/);
    expect((await admin.run(['audit', 'list', '--limit', '5'])).out).not.toMatch(/newest/);
  });

  it('prints JSON Lines with every field, the chain included', async () => {
    const result = await admin.run(['audit', 'list', '--json', '--since', '2026-03-02']);
    const lines = result.out.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      ...SEEDED[3],
      seq: 4,
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('says so when the range is empty', async () => {
    expect((await admin.run(['audit', 'list', '--since', '2027-01-01'])).out).toBe(
      'No audit entries in that range.\n',
    );
    expect((await admin.run(['audit', 'list', '--since', '2027-01-01', '--json'])).out).toBe('');
  });

  it.each([
    [['audit', 'list', '--since', 'last week'], /--since: "last week" is not an ISO date/],
    [
      ['audit', 'list', '--since', '2026-03-02', '--until', '2026-03-01'],
      /--until \(2026-03-01\) is not after --since/,
    ],
    [['audit', 'list', '--limit', '0'], /--limit: a whole number from 1 to 1000/],
    [['audit', 'list', '--bogus'], /bogus/],
    [['audit', 'list', 'extra'], /extra/],
    [['audit', 'frob'], /unknown command "audit frob"/],
  ])('refuses bad arguments with exit code 2: %j', async (argv, message) => {
    const result = await admin.run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe('');
  });

  it('shows its usage with --help', async () => {
    const result = await admin.run(['audit', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'audit list [--since <date|time>] [--until <date|time>] [--limit <n>] [--json]',
    );
  });

  it('needs an existing data directory', async () => {
    const result = await admin.run(['--data-dir', 'typo', 'audit', 'list']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no Beacon database in .*typo/);
  });
});
