import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveEntry } from '../entries';
import type { ExportManifest } from './export-manifest';
import { exportHarness } from './testing/export-harness';

const harness = exportHarness();
beforeEach(() => harness.setUp());
afterEach(() => harness.tearDown());

async function exportedEntries(...argv: string[]): Promise<ArchiveEntry[]> {
  const result = await harness.exportTo(['--format', 'jsonl', ...argv]);
  expect(result, argv.join(' ')).toMatchObject({ code: 0, err: '' });
  const text = await readFile(join(result.dir, 'archive-000001.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ArchiveEntry);
}

const messageIds = (entries: ArchiveEntry[]) =>
  entries.filter((entry) => entry.kind === 'message.sent').map((entry) => entry.messageId);

describe('compliance export: the date range', () => {
  it('includes the whole --to day (UTC) and nothing after it', async () => {
    const { lastInstantId, aprilId } = harness.seeded();
    const quarter = messageIds(await exportedEntries('--from', '2026-01-01', '--to', '2026-03-31'));
    expect(quarter).toContain(lastInstantId);
    expect(quarter).not.toContain(aprilId);
    const april = messageIds(await exportedEntries('--from', '2026-04-01', '--to', '2026-04-01'));
    expect(april).toEqual([aprilId]);
  });

  it('takes timestamps with an offset as exact instants, both inclusive', async () => {
    const { lastInstantId, aprilId } = harness.seeded();
    expect(
      messageIds(await exportedEntries('--from', '2026-03-31T23:59:59.999Z', '--to', '2026-04-01T00:00:00Z')),
    ).toEqual([lastInstantId, aprilId]);
    expect(
      messageIds(
        await exportedEntries('--from', '2026-04-01T02:00:00+02:00', '--to', '2026-04-01T02:00:00+02:00'),
      ),
    ).toEqual([aprilId]);
  });

  it('names a conversation as it was called at the start of the range', async () => {
    const { groupId } = harness.seeded();
    const result = await harness.exportTo(['--format', 'csv', '--from', '2026-01-15', '--to', '2026-01-31']);
    const csv = await readFile(join(result.dir, 'archive-000001.csv'), 'utf8');
    expect(csv).toContain(`${groupId},Deal room,message.sent`);
    const later = await harness.exportTo(['--format', 'jsonl', '--from', '2026-03-01', '--to', '2026-03-31']);
    const manifest = JSON.parse(await readFile(join(later.dir, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest.chains).toMatchObject([
      { conversationId: groupId, title: 'Deal room (closed)', entries: 1 },
    ]);
  });

  it('refuses a missing, malformed or reversed range with a usage error', async () => {
    for (const argv of [
      ['--to', '2026-03-31'],
      ['--from', '2026-02-30', '--to', '2026-03-31'],
      ['--from', '2026-01-01T25:00:00Z', '--to', '2026-03-31'],
      ['--from', '2026-03-31', '--to', '2026-01-01'],
    ]) {
      const result = await harness.exportTo(['--format', 'jsonl', ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err).toMatch(/^error: compliance export: --(from|to) /);
    }
  });
});

describe('compliance export: --user and --conversation', () => {
  it('--user exports the conversations the user is or was a member of', async () => {
    const { groupId, directId } = harness.seeded();
    const chains = async (email: string) => [
      ...new Set(
        (await exportedEntries('--from', '2026-01-01', '--to', '2026-12-31', '--user', email)).map(
          (e) => e.chain,
        ),
      ),
    ];
    expect(await chains('alice@acme.test')).toEqual([groupId]);
    expect(await chains('dave@acme.test')).toEqual([directId]);
    expect((await chains('carol@acme.test')).sort()).toEqual([groupId, directId].sort());
  });

  it('--user still covers a conversation the user has left', async () => {
    const { groupId, bob } = harness.seeded();
    await harness.withStore((store) =>
      store.conversations.leave({
        conversationId: groupId,
        userId: bob.id,
        at: Date.UTC(2026, 1, 3),
        describe: () => 'left',
      }),
    );
    const entries = await exportedEntries(
      '--from',
      '2026-01-01',
      '--to',
      '2026-12-31',
      '--user',
      'bob@acme.test',
    );
    expect(new Set(entries.map((entry) => entry.chain))).toEqual(new Set([groupId]));
  });

  it('--conversation exports that conversation only', async () => {
    const { directId } = harness.seeded();
    const entries = await exportedEntries(
      '--from',
      '2026-01-01',
      '--to',
      '2026-12-31',
      '--conversation',
      directId,
    );
    expect(entries.map((entry) => [entry.chain, entry.kind])).toEqual([
      [directId, 'conversation.created'],
      [directId, 'message.sent'],
    ]);
  });

  it('refuses an unknown user or conversation, or a conversation the user was never in', async () => {
    const { directId } = harness.seeded();
    const range = ['--format', 'jsonl', '--from', '2026-01-01', '--to', '2026-03-31'];
    expect(await harness.exportTo([...range, '--user', 'nobody@acme.test'])).toMatchObject({
      code: 1,
      err: 'error: no user nobody@acme.test\n',
    });
    expect(await harness.exportTo([...range, '--conversation', 'no-such-id'])).toMatchObject({
      code: 1,
      err: 'error: no conversation no-such-id\n',
    });
    expect(
      await harness.exportTo([...range, '--user', 'alice@acme.test', '--conversation', directId]),
    ).toMatchObject({
      code: 1,
      err: `error: alice@acme.test was never a member of conversation ${directId}\n`,
    });
    expect(await harness.withStore((store) => store.audit.list())).toEqual([]);
  });
});

describe('compliance export: the output directory and the options', () => {
  it('refuses a directory that holds something, and writes nothing into it', async () => {
    const dir = join(harness.dataDir(), '..', 'taken');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const result = await harness.run([
      'compliance',
      'export',
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--format',
      'csv',
      '--out',
      'taken',
    ]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('is not empty');
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('exports into an empty directory that exists', async () => {
    await mkdir(join(harness.dataDir(), '..', 'empty'));
    const result = await harness.run([
      'compliance',
      'export',
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--format',
      'jsonl',
      '--out',
      'empty',
    ]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect((await readdir(join(harness.dataDir(), '..', 'empty'))).sort()).toEqual([
      'archive-000001.jsonl',
      'manifest.json',
    ]);
  });

  it('refuses an unknown format or option, a missing --out and inline attachments outside eml', async () => {
    const range = ['--from', '2026-01-01', '--to', '2026-03-31'];
    expect(await harness.exportTo([...range, '--format', 'pdf'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format "pdf" is not one of jsonl, csv, eml'),
    });
    expect(await harness.exportTo([...range, '--format', 'csv', '--attachments', 'inline'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--attachments "inline" needs the eml format'),
    });
    expect(await harness.exportTo([...range, '--format', 'csv', '--colour', 'red'])).toMatchObject({
      code: 2,
    });
    expect(await harness.run(['compliance', 'export', ...range, '--format', 'csv'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--out <dir> is required'),
    });
  });

  it('prints its usage with --help', async () => {
    const result = await harness.run(['compliance', 'export', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      'compliance export --from <day> --to <day> --format jsonl|csv|eml --out <dir>',
    );
  });
});
