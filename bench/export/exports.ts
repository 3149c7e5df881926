import { createReadStream, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningProcess } from '../lib/child';
import { cpuPressureMeter } from '../lib/pressure';
import { cpuSeconds, rssBytes } from '../lib/proc-stats';
import { sampleRss } from '../lib/rss-sampler';
import { runAdmin, startFloorExport } from './children';
import { type ExportRunFigures, figuresOf } from './figures';
import { downloadExport } from './tar-download';

/** What is exported: every entry, the range from the archive's first to its last UTC day. */
export interface ArchiveSpan {
  dataDir: string;
  databaseFile: string;
  entries: number;
  from: string;
  to: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the process has used under 5 % of a core for a second (start-up jobs done), at most 60 s. */
async function quiet(pid: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const before = cpuSeconds(pid);
    await sleep(1000);
    if (cpuSeconds(pid) - before < 0.05) return;
  }
}

async function linesOf(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lines += 1;
  }
  return lines;
}

async function bytesOf(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir, { recursive: true })) {
    const info = await stat(join(dir, name));
    if (info.isFile()) total += info.size;
  }
  return total;
}

/** `GET /api/admin/compliance/export` from the running server, while its RSS is sampled every 20 ms. */
export async function exportOverHttp(
  server: RunningProcess,
  token: string,
  archive: ArchiveSpan,
  format: 'jsonl' | 'csv',
): Promise<ExportRunFigures> {
  await quiet(server.pid);
  const rssBeforeBytes = rssBytes(server.pid);
  const sampler = sampleRss(server.pid);
  const pressure = cpuPressureMeter();
  const query = new URLSearchParams({ format, from: archive.from, to: archive.to });
  const download = await downloadExport(`${server.url}/api/admin/compliance/export?${query}`, token).finally(
    () => sampler.stop(),
  );
  const lines = (download.files[`archive.${format}`]?.lines ?? 0) - (format === 'csv' ? 1 : 0);
  const inManifest = download.manifest.counts?.entries;
  return figuresOf({
    entries: inManifest ?? 0,
    bytes: download.bytes,
    seconds: download.seconds,
    firstByteSeconds: download.firstByteSeconds,
    rssBeforeBytes,
    rssPeakBytes: sampler.peak(),
    lines,
    complete: lines === archive.entries && inManifest === archive.entries,
    cpuPressurePercent: pressure.stop(),
  });
}

/** `compliance export --format jsonl --out DIR` as a process of its own: its whole RSS counts. */
export async function exportWithCli(archive: ArchiveSpan, outDir: string): Promise<ExportRunFigures> {
  const pressure = cpuPressureMeter();
  const cli = await runAdmin([
    '--data-dir',
    archive.dataDir,
    'compliance',
    'export',
    '--from',
    archive.from,
    '--to',
    archive.to,
    '--format',
    'jsonl',
    '--out',
    outDir,
  ]);
  const cpuPressurePercent = pressure.stop();
  if (cli.code !== 0) throw new Error(`compliance export failed (${cli.code}):\n${cli.stderr}`);
  try {
    let lines = 0;
    // The export's parts, archive-000001.jsonl, …, counted together.
    for (const name of (await readdir(outDir)).filter((file) => /^archive-\d{6}\.jsonl$/.test(file)))
      lines += await linesOf(join(outDir, name));
    const exported = Number(/Exported (\d+) archive entries/.exec(cli.stdout)?.[1] ?? Number.NaN);
    return figuresOf({
      entries: exported,
      bytes: await bytesOf(outDir),
      seconds: cli.seconds,
      firstByteSeconds: null,
      rssBeforeBytes: 0,
      rssPeakBytes: cli.peakRssBytes,
      lines,
      complete: lines === archive.entries && exported === archive.entries,
      cpuPressurePercent,
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The floor (floor-export.ts) writing `outFile`; its RSS is read once it has the database open. */
export async function exportWithFloor(archive: ArchiveSpan, outFile: string): Promise<ExportRunFigures> {
  const floor = await startFloorExport(archive.databaseFile, outFile);
  try {
    await sleep(500);
    const rssBeforeBytes = rssBytes(floor.pid);
    const sampler = sampleRss(floor.pid);
    const pressure = cpuPressureMeter();
    const started = performance.now();
    const done = await floor.run();
    const seconds = (performance.now() - started) / 1000;
    return figuresOf({
      entries: done.rows,
      bytes: done.bytes,
      seconds,
      firstByteSeconds: null,
      rssBeforeBytes,
      rssPeakBytes: sampler.stop(),
      lines: await linesOf(outFile),
      complete: done.rows === archive.entries,
      cpuPressurePercent: pressure.stop(),
    });
  } finally {
    await floor.stop();
    rmSync(outFile, { force: true });
  }
}
