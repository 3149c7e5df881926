import { Readable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ScanOutcome, StoredFileRecord } from '../store/types';
import type { BlobStore } from './blob-store';
import { ScanFailedError, type Scanner, ScannerUnavailableError, type ScanVerdict } from './clamd-client';
import { ScanWorker } from './scan-worker';

const file = (id: string, sha256: string): StoredFileRecord => ({
  id,
  uploaderId: 'u1',
  name: `${id}.txt`,
  size: 1,
  mime: 'text/plain',
  sha256,
  scan: 'pending',
  scannedAt: null,
  scanDetail: null,
  thumbnail: false,
  createdAt: 1,
});

/** An in-memory queue, a scanner scripted per call, and a blob store that only counts quarantines. */
function setup(answers: Array<ScanVerdict | Error>) {
  const pending = [file('a', 'a'.repeat(64)), file('b', 'b'.repeat(64))];
  const recorded: Array<{ sha256: string; outcome: ScanOutcome }> = [];
  const quarantined: string[] = [];
  let calls = 0;
  const scanner: Scanner = {
    description: 'fake',
    ping: async () => {},
    async scan(source) {
      source.destroy();
      calls += 1;
      const answer = answers.shift() ?? new ScannerUnavailableError('script ended');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const blobs = {
    open: async () => Readable.from(['x']),
    quarantine: async (sha256: string) => {
      quarantined.push(sha256);
    },
  } as unknown as BlobStore;
  const scannedEvents: StoredFileRecord[] = [];
  const worker = new ScanWorker({
    files: {
      listPending: async () => pending.filter((f) => f.scan === 'pending'),
      async recordScan(sha256, outcome) {
        recorded.push({ sha256, outcome });
        const changed = pending.filter((f) => f.sha256 === sha256);
        for (const f of changed) f.scan = outcome.scan;
        return changed;
      },
    },
    blobs,
    scanner,
    logger: pino({ level: 'silent' }),
    now: Date.now,
    onScanned: async (files) => {
      scannedEvents.push(...files);
    },
    retryBaseMs: 20,
    retryMaxMs: 40,
  });
  return { worker, pending, recorded, quarantined, scannedEvents, calls: () => calls };
}

const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('ScanWorker', () => {
  it('records clean and infected verdicts, quarantines the infected, and reports both', async () => {
    const s = setup([{ infected: false }, { infected: true, signature: 'Test-Sig' }]);
    s.worker.start();
    await until(() => s.scannedEvents.length === 2);
    await s.worker.stop();
    expect(s.pending.map((f) => f.scan)).toEqual(['clean', 'infected']);
    expect(s.quarantined).toEqual(['b'.repeat(64)]);
    expect(s.recorded[1]?.outcome).toEqual({ scan: 'infected', signature: 'Test-Sig' });
  });

  it('leaves files pending while the scanner is unreachable and retries with backoff', async () => {
    const down = () => new ScannerUnavailableError('down');
    const s = setup([down(), down(), down(), { infected: false }, { infected: false }]);
    s.worker.start();
    await until(() => s.calls() >= 3);
    expect(s.pending.every((f) => f.scan === 'pending')).toBe(true);
    await until(() => s.pending.every((f) => f.scan === 'clean'));
    await s.worker.stop();
    expect(s.calls()).toBe(5);
  });

  it('retries a file whose scan failed without holding up the others', async () => {
    const s = setup([new ScanFailedError('size limit'), { infected: false }, { infected: false }]);
    s.worker.start();
    await until(() => s.pending.every((f) => f.scan === 'clean'));
    await s.worker.stop();
    // b went first after a's failure; a was retried after its own backoff.
    expect(s.recorded.map((r) => r.sha256[0])).toEqual(['b', 'a']);
  });
});
