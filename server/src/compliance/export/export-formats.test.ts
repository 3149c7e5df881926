import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryHash } from '../chain';
import type { ArchiveEntry } from '../entries';
import { CSV_COLUMNS } from './csv-format';
import type { ExportManifest } from './export-manifest';
import { EXPORTED_AT, exportHarness, readParts, readTree, sha256 } from './testing/export-harness';
import { AWKWARD_BODY } from './testing/seed';

const harness = exportHarness();
beforeEach(() => harness.setUp());
afterEach(() => harness.tearDown());

const QUARTER = ['--from', '2026-01-01', '--to', '2026-03-31'];

async function manifestOf(dir: string): Promise<ExportManifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
}

describe('compliance export --format jsonl', () => {
  it('writes every entry as stored, so each hash can be recomputed, with all three versions of a message', async () => {
    const { sentId, groupId } = harness.seeded();
    const result = await harness.exportTo([...QUARTER, '--format', 'jsonl']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const lines = (await readFile(join(result.dir, 'archive-000001.jsonl'), 'utf8')).trimEnd().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as ArchiveEntry & { atIso: string });
    for (const { atIso, ...entry } of entries) {
      expect(atIso).toBe(new Date(entry.at).toISOString());
      expect(entryHash(entry.prevHash, entry), `${entry.chain} #${entry.chainSeq}`).toBe(entry.hash);
    }
    const versions = entries.filter((entry) => entry.messageId === sentId).map((entry) => entry.kind);
    expect(versions).toEqual(['message.sent', 'message.edited', 'message.deleted']);
    const sent = entries.find((entry) => entry.messageId === sentId && entry.kind === 'message.sent');
    expect(sent?.payload.body).toBe(AWKWARD_BODY);
    const group = entries.filter((entry) => entry.chain === groupId);
    // Each exported entry links to the one before it.
    expect(group.slice(1).map((entry) => entry.prevHash)).toEqual(
      group.slice(0, -1).map((entry) => entry.hash),
    );
  });

  it('lists counts, the chains it covers and the SHA-256 of its one part in manifest.json', async () => {
    const { groupId, directId } = harness.seeded();
    const result = await harness.exportTo([...QUARTER, '--format', 'jsonl']);
    const manifest = await manifestOf(result.dir);
    expect([...(await readParts(result.dir, 'jsonl')).keys()]).toEqual(['archive-000001.jsonl']);
    const file = await readFile(join(result.dir, 'archive-000001.jsonl'));
    expect(manifest).toMatchObject({
      format: 'jsonl',
      exporter: { name: 'Beacon' },
      createdAt: new Date(EXPORTED_AT).toISOString(),
      range: {
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-03-31T23:59:59.999Z',
        timeZone: 'UTC',
        inclusive: true,
      },
      filters: { user: null, conversation: null },
      counts: { messages: 4, conversations: 2 },
      signedManifest: null,
    });
    expect(manifest.counts.byKind).toMatchObject({
      'message.sent': 4,
      'message.edited': 1,
      'message.deleted': 1,
    });
    expect(manifest.chains.map((chain) => [chain.conversationId, chain.title])).toEqual(
      [
        [groupId, 'Deal room (closed)'],
        [directId, 'Carol Chen and Dave Diaz'],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    const lines = file
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ArchiveEntry);
    const group = manifest.chains.find((chain) => chain.conversationId === groupId);
    const groupLines = lines.filter((line) => line.chain === groupId);
    expect(group).toMatchObject({
      entries: groupLines.length,
      first: { chainSeq: 1, hash: groupLines[0]?.hash },
      last: { chainSeq: groupLines.at(-1)?.chainSeq, hash: groupLines.at(-1)?.hash },
    });
    expect(manifest.counts.entries).toBe(lines.length);
    expect(manifest.files).toEqual([
      { path: 'archive-000001.jsonl', sha256: sha256(file), bytes: file.length, entries: lines.length },
    ]);
  });

  it('names the newest signed manifest and each chain’s signed head', async () => {
    const { groupId } = harness.seeded();
    expect((await harness.run(['compliance', 'manifest'])).code).toBe(0);
    const result = await harness.exportTo([...QUARTER, '--format', 'jsonl']);
    const manifest = await manifestOf(result.dir);
    const signed = await harness.withStore(async (store) => (await store.archive.manifests()).at(-1));
    expect(manifest.signedManifest).toMatchObject({ id: signed?.id, keyId: signed?.keyId });
    const head = await harness.withStore(async (store) =>
      (await store.archive.heads()).find((h) => h.chain === groupId),
    );
    expect(manifest.chains.find((chain) => chain.conversationId === groupId)?.signedHead).toEqual({
      chainSeq: head?.chainSeq,
      hash: head?.hash,
    });
  });

  it('is written to the audit log with the counts and the SHA-256 of manifest.json', async () => {
    const result = await harness.exportTo([...QUARTER, '--format', 'jsonl', '--user', 'alice@acme.test']);
    const manifest = await readFile(join(result.dir, 'manifest.json'));
    expect(result.out).toContain(sha256(manifest));
    const [entry] = await harness.withStore((store) => store.audit.list());
    expect(entry).toMatchObject({
      action: 'compliance.export',
      target: null,
      source: 'cli',
      at: EXPORTED_AT,
      details: {
        format: 'jsonl',
        completed: true,
        range: { from: '2026-01-01T00:00:00.000Z', to: '2026-03-31T23:59:59.999Z' },
        filters: { user: 'alice@acme.test', conversation: null },
        counts: { messages: 3, conversations: 1 },
        manifestSha256: sha256(manifest),
      },
    });
  });
});

describe('compliance export --format csv', () => {
  it('opens as UTF-8 with a BOM, quotes commas, quotes and line breaks, and keeps all three versions', async () => {
    const { sentId, replyId, report } = harness.seeded();
    const result = await harness.exportTo([...QUARTER, '--format', 'csv']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const file = await readFile(join(result.dir, 'archive-000001.csv'));
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(file, { bom: true, columns: true, relax_column_count: false }) as Array<
      Record<(typeof CSV_COLUMNS)[number], string>
    >;
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    const versions = rows.filter((row) => row['message id'] === sentId);
    expect(versions.map((row) => [row.kind, row.version, row.body])).toEqual([
      ['message.sent', '1', AWKWARD_BODY],
      ['message.edited', '2', 'Price: 1,100 (edited)'],
      ['message.deleted', '3', ''],
    ]);
    expect(versions[0]).toMatchObject({
      'time (UTC)': '2026-01-15T10:00:00.000Z',
      'conversation title': 'Deal room',
      'actor e-mail': 'alice@acme.test',
      'actor name': 'Alice Archer',
      seq: '2',
      recipients: 'Bob Baker <bob@acme.test>; Carol Chen <carol@acme.test>',
      attachments: `report.txt (18 bytes, SHA-256 ${report.sha256}, scan: clean)`,
    });
    expect(
      rows.find((row) => row['message id'] === replyId && row.kind === 'message.sent')?.['reply to'],
    ).toBe(sentId);
    // The title follows the rename.
    expect(rows.find((row) => row.body === 'Last word of the quarter')?.['conversation title']).toBe(
      'Deal room (closed)',
    );
    const manifest = await manifestOf(result.dir);
    expect(manifest.files).toEqual([
      { path: 'archive-000001.csv', sha256: sha256(file), bytes: file.length, entries: rows.length },
    ]);
  });

  it('separates records with CRLF (RFC 4180) and keeps the line breaks inside a body as written', async () => {
    const result = await harness.exportTo([...QUARTER, '--format', 'csv']);
    const text = await readFile(join(result.dir, 'archive-000001.csv'), 'utf8');
    expect(text).toContain('"Price: 1,000 ""firm"",\nsecond line; ünïcödé ✓\r\nthird"');
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
  });
});

describe('compliance export --format eml', () => {
  it('writes one mail per version, threaded to the original, that a MIME parser reads back', async () => {
    const { sentId, replyId, groupId, alice, bob, carol, report } = harness.seeded();
    const result = await harness.exportTo([...QUARTER, '--format', 'eml']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const mail = async (name: string) => simpleParser(await readFile(join(result.dir, 'eml', groupId, name)));
    const original = `<${sentId}@acme.test>`;

    const sent = await mail('2-1.eml');
    expect(sent.from?.value).toEqual([{ address: alice.email, name: alice.name }]);
    const to = Array.isArray(sent.to) ? sent.to.flatMap((a) => a.value) : (sent.to?.value ?? []);
    expect(to.map((address) => address.address)).toEqual([bob.email, carol.email]);
    expect(sent.date?.toISOString()).toBe('2026-01-15T10:00:00.000Z');
    expect(sent.messageId).toBe(original);
    expect(sent.subject).toBe('Deal room');
    expect(sent.headers.get('x-beacon-conversation')).toBe(groupId);
    expect(sent.headers.get('x-beacon-seq')).toBe('2');
    expect(sent.headers.get('x-beacon-version')).toBe('1');
    expect(sent.headers.get('x-beacon-attachment')).toBe(
      `sha256=${report.sha256}; size=18; scan=clean; name=report.txt`,
    );
    expect(sent.text).toContain(AWKWARD_BODY.replace('\r\n', '\n'));
    expect(sent.text).toContain(`report.txt (18 bytes, SHA-256 ${report.sha256}, scan: clean)`);
    expect(sent.attachments).toEqual([]);

    const edited = await mail('2-2.eml');
    expect(edited.subject).toBe('Edited: Deal room');
    expect(edited.messageId).toBe(`<${sentId}.v2@acme.test>`);
    expect(edited.inReplyTo).toBe(original);
    expect(edited.references).toBe(original);
    expect(edited.headers.get('x-beacon-version')).toBe('2');
    expect(edited.text?.trim()).toBe('Price: 1,100 (edited)');
    const editedTo = Array.isArray(edited.to) ? edited.to.flatMap((a) => a.value) : (edited.to?.value ?? []);
    expect(editedTo.map((address) => address.address)).toEqual([bob.email, carol.email]);

    const deleted = await mail('2-3.eml');
    expect(deleted.subject).toBe('Deleted: Deal room');
    expect(deleted.inReplyTo).toBe(original);
    expect(deleted.date?.toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(deleted.text).toContain('deleted by Alice Archer <alice@acme.test>');

    const reply = await mail('3-1.eml');
    expect(reply.messageId).toBe(`<${replyId}@acme.test>`);
    expect(reply.inReplyTo).toBe(original);
    expect(reply.references).toBe(original);
  });

  it('lists every mail in SHA256SUMS, whose SHA-256 is in manifest.json', async () => {
    const { groupId, directId } = harness.seeded();
    const result = await harness.exportTo([...QUARTER, '--format', 'eml']);
    const tree = await readTree(result.dir);
    const sums = tree.get('SHA256SUMS')?.toString('utf8') ?? '';
    const listed = sums
      .trimEnd()
      .split('\n')
      .map((line) => line.split('  '));
    const mails = [...tree.keys()].filter((path) => path.endsWith('.eml')).sort();
    expect(listed.map(([, path]) => path).sort()).toEqual(mails);
    for (const [hash, path] of listed) expect(sha256(tree.get(path ?? '') ?? ''), path).toBe(hash);
    expect(mails).toEqual(
      [
        `eml/${groupId}/2-1.eml`,
        `eml/${groupId}/2-2.eml`,
        `eml/${groupId}/2-3.eml`,
        `eml/${groupId}/3-1.eml`,
        `eml/${groupId}/5-1.eml`,
        `eml/${directId}/1-1.eml`,
      ].sort(),
    );
    const manifest = await manifestOf(result.dir);
    expect(manifest.files).toEqual([
      { path: 'SHA256SUMS', sha256: sha256(sums), bytes: Buffer.byteLength(sums) },
    ]);
    expect(manifest.counts).toMatchObject({ mails: 6, attachmentsAttached: 0 });
  });

  it('--attachments inline attaches a clean file and never an infected one', async () => {
    const { groupId, report, infected } = harness.seeded();
    const result = await harness.exportTo([...QUARTER, '--format', 'eml', '--attachments', 'inline']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const sent = await simpleParser(await readFile(join(result.dir, 'eml', groupId, '2-1.eml')));
    expect(sent.attachments.map((a) => [a.filename, a.content.toString('utf8')])).toEqual([
      [report.name, report.content],
    ]);
    const reply = await simpleParser(await readFile(join(result.dir, 'eml', groupId, '3-1.eml')));
    expect(reply.attachments).toEqual([]);
    expect(reply.headers.get('x-beacon-attachment')).toContain(`sha256=${infected.sha256}`);
    expect(reply.text).toContain('not attached: found infected later (Eicar-Test-Signature)');
    expect((await manifestOf(result.dir)).counts).toMatchObject({ attachmentsAttached: 1 });
  });
});
