import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type RunningProcess, startProcess } from '../lib/child';
import { rssBytes } from '../lib/proc-stats';
import { prepareBeaconData, startBeacon } from '../targets/beacon';

export interface UploadBenchSizes {
  /** Bytes of the uploaded file. */
  bytes: number;
}
export const UPLOAD_FULL: UploadBenchSizes = { bytes: 100 * 1024 * 1024 };
export const UPLOAD_QUICK: UploadBenchSizes = { bytes: 10 * 1024 * 1024 };
/** The target: the server grows by at most this much while taking a 100 MB upload. */
export const RSS_GROWTH_TARGET_BYTES = 50 * 1024 * 1024;

export interface UploadFigures {
  bytes: number;
  seconds: number;
  mbPerSecond: number;
  rssBeforeBytes: number;
  rssPeakBytes: number;
  rssGrowthBytes: number;
}

export interface UploadBenchFigures {
  beacon: UploadFigures;
  floor: UploadFigures | null;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const BOUNDARY = 'beacon-bench-boundary';

/** `bytes` of content as a stream of 64 KiB chunks, never held whole. */
function content(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const size = Math.min(left, CHUNK.length);
      left -= size;
      this.push(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size));
    },
  });
}

function multipart(bytes: number): { body: Readable; length: number } {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  async function* parts() {
    yield head;
    yield* content(bytes);
    yield tail;
  }
  return { body: Readable.from(parts()), length: head.length + bytes + tail.length };
}

/** POSTs the body while sampling the server's RSS every 20 ms. */
async function measureUpload(
  target: RunningProcess,
  path: string,
  headers: Record<string, string>,
  body: Readable,
  bytes: number,
): Promise<UploadFigures> {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssBeforeBytes = rssBytes(target.pid);
  let rssPeakBytes = rssBeforeBytes;
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, rssBytes(target.pid));
  }, 20);
  const started = performance.now();
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${target.url}${path}`, { method: 'POST', headers }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      req.on('error', reject);
      pipeline(body, req).catch(reject);
    });
    if (status !== 201) throw new Error(`upload answered ${status}`);
  } finally {
    clearInterval(sampler);
  }
  rssPeakBytes = Math.max(rssPeakBytes, rssBytes(target.pid));
  const seconds = (performance.now() - started) / 1000;
  return {
    bytes,
    seconds,
    mbPerSecond: bytes / (1024 * 1024) / seconds,
    rssBeforeBytes,
    rssPeakBytes,
    rssGrowthBytes: rssPeakBytes - rssBeforeBytes,
  };
}

/**
 * A large upload through the real server (`POST /api/v1/files`: multipart parsing, SHA-256,
 * sniffing, the blob store; no scanner, so clamd's work is not counted), beside a bare
 * node:http server writing the same bytes to disk.
 */
export async function runUploadBench(
  sizes: UploadBenchSizes,
  options: { floor: boolean },
  log: (line: string) => void,
): Promise<UploadBenchFigures> {
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-bench-upload-'));
  try {
    const dataDir = join(workDir, 'data');
    const fixture = await prepareBeaconData(dataDir, { users: 1, pairs: 0 });
    const token = fixture.users[0]?.token;
    if (!token) throw new Error('no bench user');
    const beaconTarget = await startBeacon(dataDir, {
      extraArgs: ['--clamd-socket', 'none', '--file-max-bytes', String(sizes.bytes + 1024)],
    });
    let beacon: UploadFigures;
    try {
      const { body, length } = multipart(sizes.bytes);
      beacon = await measureUpload(
        beaconTarget,
        '/api/v1/files',
        {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': String(length),
        },
        body,
        sizes.bytes,
      );
    } finally {
      await beaconTarget.stop();
    }
    log(describe('Beacon', beacon));
    let floor: UploadFigures | null = null;
    if (options.floor) {
      const floorDir = join(workDir, 'floor');
      mkdirSync(floorDir);
      const floorTarget = await startProcess(
        ['--import', 'tsx', 'bench/upload/floor-server.ts', floorDir],
        /floor listening on (http:\/\/\S+)/,
      );
      try {
        floor = await measureUpload(
          floorTarget,
          '/',
          { 'content-type': 'application/octet-stream', 'content-length': String(sizes.bytes) },
          content(sizes.bytes),
          sizes.bytes,
        );
      } finally {
        await floorTarget.stop();
      }
      log(describe('floor (bare node:http → file)', floor));
    }
    return { beacon, floor };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

function describe(name: string, figures: UploadFigures): string {
  return (
    `${name}: ${mb(figures.bytes)} MB in ${figures.seconds.toFixed(2)} s (${figures.mbPerSecond.toFixed(0)} MB/s), ` +
    `RSS ${mb(figures.rssBeforeBytes)} → peak ${mb(figures.rssPeakBytes)} MB (growth ${mb(figures.rssGrowthBytes)} MB)`
  );
}

/** The side-by-side table printed after the run. */
export function formatUploadTable(figures: UploadBenchFigures): string {
  const rows: Array<[string, string, string]> = [
    ['', 'Beacon', 'floor'],
    ['upload size (MB)', mb(figures.beacon.bytes), figures.floor ? mb(figures.floor.bytes) : '–'],
    [
      'throughput (MB/s)',
      figures.beacon.mbPerSecond.toFixed(0),
      figures.floor ? figures.floor.mbPerSecond.toFixed(0) : '–',
    ],
    [
      'server RSS growth (MB)',
      mb(figures.beacon.rssGrowthBytes),
      figures.floor ? mb(figures.floor.rssGrowthBytes) : '–',
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const verdict =
    figures.beacon.rssGrowthBytes <= RSS_GROWTH_TARGET_BYTES
      ? `RSS growth within the target of ${mb(RSS_GROWTH_TARGET_BYTES)} MB`
      : `RSS growth ABOVE the target of ${mb(RSS_GROWTH_TARGET_BYTES)} MB`;
  return `${rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n')}\n${verdict}`;
}
