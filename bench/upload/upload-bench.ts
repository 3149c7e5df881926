import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { clamdInstalled, startTestClamd } from '../../server/test/helpers/clamd';
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
  /** With scanning: from the upload's answer until clamd's verdict is stored. */
  scanSeconds?: number;
}

export interface UploadBenchFigures {
  beacon: UploadFigures;
  /** The same upload with ClamAV scanning on (a private clamd); null when clamd is not installed. */
  scanned: UploadFigures | null;
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

/**
 * POSTs the body while sampling the server's RSS every 20 ms; `afterUpload` (given the answer's
 * body) runs while the sampling goes on, e.g. until the file's scan is done.
 */
async function measureUpload(
  target: RunningProcess,
  path: string,
  headers: Record<string, string>,
  body: Readable,
  bytes: number,
  afterUpload?: (answer: string) => Promise<void>,
): Promise<UploadFigures> {
  global.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rssBeforeBytes = rssBytes(target.pid);
  let rssPeakBytes = rssBeforeBytes;
  const sampler = setInterval(() => {
    rssPeakBytes = Math.max(rssPeakBytes, rssBytes(target.pid));
  }, 20);
  const started = performance.now();
  let uploadedAt = started;
  try {
    const { status, answer } = await new Promise<{ status: number; answer: string }>((resolve, reject) => {
      const req = request(`${target.url}${path}`, { method: 'POST', headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, answer: text }));
      });
      req.on('error', reject);
      pipeline(body, req).catch(reject);
    });
    if (status !== 201) throw new Error(`upload answered ${status}: ${answer.slice(0, 200)}`);
    uploadedAt = performance.now();
    await afterUpload?.(answer);
  } finally {
    clearInterval(sampler);
  }
  rssPeakBytes = Math.max(rssPeakBytes, rssBytes(target.pid));
  const seconds = (uploadedAt - started) / 1000;
  const scanSeconds = afterUpload ? (performance.now() - uploadedAt) / 1000 : undefined;
  return {
    bytes,
    seconds,
    mbPerSecond: bytes / (1024 * 1024) / seconds,
    rssBeforeBytes,
    rssPeakBytes,
    rssGrowthBytes: rssPeakBytes - rssBeforeBytes,
    ...(scanSeconds === undefined ? {} : { scanSeconds }),
  };
}

/** Polls the file's info until clamd's verdict is stored. */
async function waitForScan(target: RunningProcess, token: string, answer: string): Promise<void> {
  const { file } = JSON.parse(answer) as { file: { id: string } };
  const deadline = Date.now() + 300_000;
  for (;;) {
    const response = await fetch(`${target.url}/api/v1/files/${encodeURIComponent(file.id)}/info`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const info = (await response.json()) as { file?: { scan?: string } };
    if (info.file?.scan === 'clean') return;
    if (info.file?.scan === 'infected') throw new Error('the bench file was found infected');
    if (Date.now() > deadline) throw new Error('the scan did not finish within 5 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
    // Each run on its own data dir: the store is content-addressed, a second upload of the same bytes would be deduplicated.
    const uploadThrough = async (clamdSocket: string): Promise<UploadFigures> => {
      const dataDir = join(workDir, clamdSocket === 'none' ? 'data' : 'data-scanned');
      const fixture = await prepareBeaconData(dataDir, { users: 1, pairs: 0 });
      const token = fixture.users[0]?.token;
      if (!token) throw new Error('no bench user');
      const target = await startBeacon(dataDir, {
        extraArgs: ['--clamd-socket', clamdSocket, '--file-max-bytes', String(sizes.bytes + 1024)],
      });
      try {
        const { body, length } = multipart(sizes.bytes);
        return await measureUpload(
          target,
          '/api/v1/files',
          {
            authorization: `Bearer ${token}`,
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            'content-length': String(length),
          },
          body,
          sizes.bytes,
          clamdSocket === 'none' ? undefined : (answer) => waitForScan(target, token, answer),
        );
      } finally {
        await target.stop();
      }
    };
    const beacon = await uploadThrough('none');
    log(describe('Beacon', beacon));
    let scanned: UploadFigures | null = null;
    if (clamdInstalled) {
      const clamd = await startTestClamd();
      try {
        scanned = await uploadThrough(clamd.socket);
      } finally {
        await clamd.dispose();
      }
      log(describe('Beacon with ClamAV scanning', scanned));
    } else {
      log('Beacon with ClamAV scanning: SKIPPED (clamd is not installed: apt-get install clamav-daemon)');
    }
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
    return { beacon, scanned, floor };
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
  const { beacon, scanned, floor } = figures;
  const cell = (f: UploadFigures | null, value: (f: UploadFigures) => string) => (f ? value(f) : '–');
  const rows: string[][] = [
    ['', 'Beacon', 'Beacon + ClamAV', 'floor'],
    ...(
      [
        ['upload size (MB)', (f: UploadFigures) => mb(f.bytes)],
        ['throughput (MB/s)', (f: UploadFigures) => f.mbPerSecond.toFixed(0)],
        [
          'scan after upload (s)',
          (f: UploadFigures) => (f.scanSeconds === undefined ? '–' : f.scanSeconds.toFixed(2)),
        ],
        ['server RSS growth (MB)', (f: UploadFigures) => mb(f.rssGrowthBytes)],
      ] as const
    ).map(([label, value]) => [label, cell(beacon, value), cell(scanned, value), cell(floor, value)]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0))) ?? [];
  const worst = Math.max(beacon.rssGrowthBytes, scanned?.rssGrowthBytes ?? 0);
  const verdict =
    worst <= RSS_GROWTH_TARGET_BYTES
      ? `RSS growth within the target of ${mb(RSS_GROWTH_TARGET_BYTES)} MB`
      : `RSS growth ABOVE the target of ${mb(RSS_GROWTH_TARGET_BYTES)} MB`;
  const skipped = scanned ? '' : '\n(ClamAV column skipped: clamd is not installed)';
  return `${rows.map((row) => row.map((value, i) => value.padEnd(widths[i] ?? 0)).join('  ')).join('\n')}\n${verdict}${skipped}`;
}
