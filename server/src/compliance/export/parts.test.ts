import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../store/sqlite/testing/temp-files';
import { CSV_COLUMNS } from './csv-format';
import { DirectorySink, prepareExportDirectory } from './directory-sink';
import type { ExportManifest } from './export-manifest';
import { exportArchive } from './exporter';
import { PartedFile, type WrittenPart } from './parts';
import { resolveExportRequest } from './request';
import { EXPORTED_AT, exportHarness, readParts, sha256 } from './testing/export-harness';
import { AWKWARD_BODY } from './testing/seed';

const dirs = tempDirs();

async function writeParts(
  entries: string[],
  options: { partBytes: number; preamble?: string },
): Promise<{ written: WrittenPart[]; files: Map<string, string> }> {
  const dir = dirs.make();
  const file = new PartedFile(new DirectorySink(dir), { stem: 'archive', extension: 'txt', ...options });
  for (const entry of entries) await file.writeEntry(entry);
  const written = await file.close();
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name), 'utf8'));
  return { written, files };
}

describe('PartedFile', () => {
  afterEach(() => dirs.cleanup());

  it('starts a new part before an entry would pass the limit, and gives a larger entry a part of its own', async () => {
    const { written, files } = await writeParts(['aaaa\n', 'bbbb\n', 'cc\n', `${'d'.repeat(16)}\n`, 'e\n'], {
      partBytes: 10,
    });
    expect([...files]).toEqual([
      ['archive-000001.txt', 'aaaa\nbbbb\n'],
      ['archive-000002.txt', 'cc\n'],
      ['archive-000003.txt', `${'d'.repeat(16)}\n`],
      ['archive-000004.txt', 'e\n'],
    ]);
    expect(written.map((part) => [part.path, part.entries, part.bytes])).toEqual([
      ['archive-000001.txt', 2, 10],
      ['archive-000002.txt', 1, 3],
      ['archive-000003.txt', 1, 17],
      ['archive-000004.txt', 1, 2],
    ]);
    for (const part of written) expect(part.sha256).toBe(sha256(files.get(part.path) ?? ''));
  });

  it('begins every part with the preamble, which counts towards its size', async () => {
    const { written, files } = await writeParts(['a\n', 'b\n', 'c\n'], { partBytes: 6, preamble: 'H\n' });
    expect([...files.values()]).toEqual(['H\na\nb\n', 'H\nc\n']);
    expect(written.map((part) => part.entries)).toEqual([2, 1]);
  });

  it('writes the first part even when there are no entries', async () => {
    const { written, files } = await writeParts([], { partBytes: 6, preamble: 'H\n' });
    expect([...files]).toEqual([['archive-000001.txt', 'H\n']]);
    expect(written).toEqual([{ path: 'archive-000001.txt', sha256: sha256('H\n'), bytes: 2, entries: 0 }]);
  });

  it('refuses a part size that is not positive', () => {
    const sink = new DirectorySink(dirs.make());
    for (const partBytes of [0, -1, Number.NaN]) {
      expect(() => new PartedFile(sink, { stem: 'archive', extension: 'txt', partBytes })).toThrow(
        RangeError,
      );
    }
  });
});

describe('compliance export in parts', () => {
  const harness = exportHarness();
  beforeEach(() => harness.setUp());
  afterEach(() => harness.tearDown());

  const QUARTER = { from: '2026-01-01', to: '2026-03-31' };

  /** The CLI's export: one part at the default limit (the seeded archive is a few KiB). */
  async function singleFile(format: 'jsonl' | 'csv') {
    const result = await harness.exportTo(['--from', QUARTER.from, '--to', QUARTER.to, '--format', format]);
    expect(result).toMatchObject({ code: 0, err: '' });
    const parts = [...(await readParts(result.dir, format))];
    expect(parts.map(([path]) => path)).toEqual([`archive-000001.${format}`]);
    const manifest = JSON.parse(await readFile(join(result.dir, 'manifest.json'), 'utf8')) as ExportManifest;
    return { content: parts[0]?.[1] ?? Buffer.alloc(0), manifest };
  }

  /** The same export through the exporter with a small part limit. */
  async function inParts(format: 'jsonl' | 'csv', partBytes: number) {
    const dir = join(harness.dataDir(), '..', `parts-${format}`);
    await prepareExportDirectory(dir);
    await harness.withStore(async (store) => {
      const request = await resolveExportRequest(store, { ...QUARTER, format });
      const deps = { store, blobs: null, now: () => EXPORTED_AT };
      await exportArchive(deps, request, new DirectorySink(dir), { partBytes });
    });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
    return { parts: await readParts(dir, format), manifest };
  }

  function expectListed(manifest: ExportManifest, parts: Map<string, Buffer>, entries: number[]): void {
    expect(manifest.files).toEqual(
      [...parts].map(([path, content], index) => ({
        path,
        sha256: sha256(content),
        bytes: content.length,
        entries: entries[index],
      })),
    );
  }

  it('JSON Lines: several parts whose lines, put together, are the single-file export, none split', async () => {
    const single = await singleFile('jsonl');
    const partBytes = Math.ceil(single.content.length / 4);
    const { parts, manifest } = await inParts('jsonl', partBytes);

    expect(parts.size).toBeGreaterThanOrEqual(4);
    expect([...parts.keys()].slice(0, 2)).toEqual(['archive-000001.jsonl', 'archive-000002.jsonl']);
    expect(Buffer.concat([...parts.values()]).equals(single.content)).toBe(true);
    const lineCounts: number[] = [];
    for (const [path, content] of parts) {
      expect(content.length, path).toBeLessThanOrEqual(partBytes);
      const text = content.toString('utf8');
      expect(text.endsWith('\n'), path).toBe(true);
      const lines = text.slice(0, -1).split('\n');
      for (const line of lines) expect(() => JSON.parse(line), path).not.toThrow();
      lineCounts.push(lines.length);
    }
    expectListed(manifest, parts, lineCounts);
    expect(manifest.counts).toEqual(single.manifest.counts);
    expect(manifest.chains).toEqual(single.manifest.chains);
  });

  it('CSV: each part opens on its own with its BOM and header row, and their rows together are the single-file export', async () => {
    type Row = Record<(typeof CSV_COLUMNS)[number], string>;
    const rowsOf = (content: Buffer) => parse(content, { bom: true, columns: true }) as Row[];
    const single = await singleFile('csv');
    const partBytes = Math.ceil(single.content.length / 4);
    const { parts, manifest } = await inParts('csv', partBytes);

    expect(parts.size).toBeGreaterThanOrEqual(4);
    const rows: Row[] = [];
    const rowCounts: number[] = [];
    for (const [path, content] of parts) {
      expect(content.length, path).toBeLessThanOrEqual(partBytes);
      expect([...content.subarray(0, 3)], path).toEqual([0xef, 0xbb, 0xbf]);
      expect(content.toString('utf8').split('\r\n')[0], path).toBe(`\uFEFF${CSV_COLUMNS.join(',')}`);
      const partRows = rowsOf(content);
      expect(partRows.length, path).toBeGreaterThan(0);
      rows.push(...partRows);
      rowCounts.push(partRows.length);
    }
    expect(rows).toEqual(rowsOf(single.content));
    // The body with commas, quotes and line breaks stays in one cell of one part.
    expect(rows.filter((row) => row.body === AWKWARD_BODY)).toHaveLength(1);
    expectListed(manifest, parts, rowCounts);
    expect(rowCounts.reduce((sum, count) => sum + count, 0)).toBe(manifest.counts.entries);
    expect(manifest.counts).toEqual(single.manifest.counts);
  });
});
