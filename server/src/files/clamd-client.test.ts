import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clamdInstalled,
  EICAR,
  startTestClamd,
  TEST_SIGNATURE_REPORTED,
  type TestClamd,
} from '../../test/helpers/clamd';
import { ClamdClient, parseScanReply, ScanFailedError, ScannerUnavailableError } from './clamd-client';

describe('parseScanReply', () => {
  it('reads clean, infected and error replies', () => {
    expect(parseScanReply('stream: OK')).toEqual({ infected: false });
    expect(parseScanReply('stream: Eicar-Test FOUND')).toEqual({ infected: true, signature: 'Eicar-Test' });
    expect(() => parseScanReply('INSTREAM size limit exceeded. ERROR')).toThrow(ScanFailedError);
  });
});

/** A fake clamd on a UNIX socket: records the INSTREAM chunks and answers as told. */
function fakeClamd(answer: (socket: Socket, received: Buffer) => void): {
  path: string;
  server: Server;
  chunks: number[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'beacon-fake-clamd-'));
  dirs.push(dir);
  const path = join(dir, 'clamd.sock');
  const chunks: number[] = [];
  const server = createServer((socket) => {
    let received = Buffer.alloc(0);
    socket.on('error', () => {});
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      answer(socket, received);
    });
  });
  server.listen(path);
  servers.push(server);
  return { path, server, chunks };
}
const dirs: string[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The INSTREAM chunk lengths in `data` after the command, or null while incomplete. */
function chunkLengths(data: Buffer): number[] | null {
  const command = 'zINSTREAM\0';
  if (data.length < command.length) return null;
  const lengths: number[] = [];
  let offset = command.length;
  while (offset + 4 <= data.length) {
    const length = data.readUInt32BE(offset);
    if (length === 0) return lengths;
    lengths.push(length);
    offset += 4 + length;
  }
  return null;
}

describe('ClamdClient against a fake clamd', () => {
  it('sends the content in chunks of at most chunkBytes, then a zero length', async () => {
    let seen: number[] = [];
    const fake = fakeClamd((socket, data) => {
      const lengths = chunkLengths(data);
      if (lengths) {
        seen = lengths;
        socket.end('stream: OK\0');
      }
    });
    const client = new ClamdClient({ socket: fake.path }, { chunkBytes: 1000 });
    await expect(client.scan(Readable.from([Buffer.alloc(2500), Buffer.alloc(10)]))).resolves.toEqual({
      infected: false,
    });
    expect(seen).toEqual([1000, 1000, 500, 10]);
  });

  it('takes an early answer (stream too long) as a failed scan, not as clean', async () => {
    const fake = fakeClamd((socket) => socket.end('INSTREAM size limit exceeded. ERROR\0'));
    const client = new ClamdClient({ socket: fake.path }, { chunkBytes: 1024 });
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 2000; i++) yield Buffer.alloc(1024);
      })(),
    );
    await expect(client.scan(big)).rejects.toBeInstanceOf(ScanFailedError);
  });

  it('is unavailable when nothing listens, or clamd goes silent', async () => {
    const nowhere = new ClamdClient({ socket: join(tmpdir(), 'no-such-clamd.sock') });
    await expect(nowhere.scan(Readable.from(['x']))).rejects.toBeInstanceOf(ScannerUnavailableError);
    const fake = fakeClamd(() => {});
    const silent = new ClamdClient({ socket: fake.path }, { timeoutMs: 200 });
    await expect(silent.scan(Readable.from(['x']))).rejects.toBeInstanceOf(ScannerUnavailableError);
  });

  it('is unavailable when clamd hangs up without an answer', async () => {
    const fake = fakeClamd((socket) => socket.destroy());
    const client = new ClamdClient({ socket: fake.path });
    await expect(client.ping()).rejects.toBeInstanceOf(ScannerUnavailableError);
  });
});

describe.skipIf(!clamdInstalled)('ClamdClient against a real clamd with the test signature', () => {
  let clamd: TestClamd;
  beforeAll(async () => {
    clamd = await startTestClamd();
  }, 90_000);
  afterAll(async () => {
    await clamd?.dispose();
  });

  it('answers PING, finds EICAR anywhere in a stream and passes other content', async () => {
    const client = new ClamdClient({ socket: clamd.socket }, { chunkBytes: 7 });
    await client.ping();
    await expect(
      client.scan(Readable.from([`prefix ${EICAR.slice(0, 30)}`, `${EICAR.slice(30)} suffix`])),
    ).resolves.toEqual({
      infected: true,
      signature: TEST_SIGNATURE_REPORTED,
    });
    await expect(client.scan(Readable.from(['just a letter']))).resolves.toEqual({ infected: false });
  });
});
