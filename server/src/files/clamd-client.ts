import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

/**
 * A client of ClamAV's daemon (`clamd`) over its UNIX or TCP socket, speaking the documented
 * `zINSTREAM` command (clamd(8)): the content goes as chunks, each prefixed with its length
 * (4 bytes, network order), ended by a zero length; clamd answers one NUL-terminated line,
 * `stream: OK`, `stream: <signature> FOUND` or `<reason> ERROR`.
 *
 * Written here rather than taken from npm: `clamdjs` and `clamav.js` speak TCP only and have not
 * been maintained for years; `clamscan` mainly wraps the command-line scanners and brings their
 * configuration along. This is the one command Beacon needs, with timeouts and backpressure.
 */

export type ClamdAddress = { socket: string } | { host: string; port: number };

export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** Scans content for malware. Rejects with `ScannerUnavailableError` or `ScanFailedError`. */
export interface Scanner {
  /** Where it scans, for logs ("clamd at /run/clamav/clamd.ctl"). */
  readonly description: string;
  scan(source: Readable): Promise<ScanVerdict>;
  /** Resolves when the scanner answers. */
  ping(): Promise<void>;
}

/** The scanner could not be reached, or stopped answering: try again later. */
export class ScannerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScannerUnavailableError';
  }
}

/** The scanner answered with an error (e.g. the stream exceeded clamd's `StreamMaxLength`). */
export class ScanFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScanFailedError';
  }
}

export interface ClamdOptions {
  /** Longest wait for a connection, and longest silence while scanning. Default 30 s. */
  timeoutMs?: number;
  /** Largest INSTREAM chunk sent. Default 64 KiB. */
  chunkBytes?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CHUNK_BYTES = 64 * 1024;
const MAX_REPLY_BYTES = 4096;

export class ClamdClient implements Scanner {
  readonly description: string;
  private readonly timeoutMs: number;
  private readonly chunkBytes: number;

  constructor(
    private readonly address: ClamdAddress,
    options: ClamdOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.description =
      'socket' in address ? `clamd at ${address.socket}` : `clamd at ${address.host}:${address.port}`;
  }

  async ping(): Promise<void> {
    const reply = await this.exchange(async (socket) => {
      socket.write('zPING\0');
    });
    if (reply !== 'PONG') throw new ScanFailedError(`clamd answered PING with ${JSON.stringify(reply)}`);
  }

  async scan(source: Readable): Promise<ScanVerdict> {
    const reply = await this.exchange(async (socket, replied) => {
      await write(socket, 'zINSTREAM\0');
      for await (const data of source) {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data as string);
        for (let offset = 0; offset < chunk.length; offset += this.chunkBytes) {
          // clamd answers early (and closes) when the stream exceeds its StreamMaxLength.
          if (replied()) return;
          const part = chunk.subarray(offset, offset + this.chunkBytes);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(part.length);
          await write(socket, Buffer.concat([length, part]));
        }
      }
      await write(socket, Buffer.alloc(4));
    }, source);
    return parseScanReply(reply);
  }

  /**
   * Connects, runs `send`, and resolves with clamd's reply line (without the NUL). A failed
   * connection, a timeout or a connection closed without a reply is `ScannerUnavailableError`.
   */
  private exchange(
    send: (socket: Socket, replied: () => boolean) => Promise<void>,
    source?: Readable,
  ): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect('socket' in this.address ? { path: this.address.socket } : this.address);
      const chunks: Buffer[] = [];
      let received = 0;
      let settled = false;
      const finish = (error: Error | null, reply?: string) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        source?.destroy();
        if (error) reject(error);
        else resolve(reply ?? '');
      };
      const replyLine = (): string | null => {
        const all = Buffer.concat(chunks);
        const end = all.indexOf(0);
        return end === -1 ? null : all.subarray(0, end).toString('utf8').trim();
      };
      socket.setTimeout(this.timeoutMs, () =>
        finish(new ScannerUnavailableError(`${this.description}: no answer within ${this.timeoutMs} ms`)),
      );
      socket.on('data', (data: Buffer) => {
        chunks.push(data);
        received += data.length;
        const line = replyLine();
        if (line !== null) finish(null, line);
        else if (received > MAX_REPLY_BYTES)
          finish(new ScanFailedError(`${this.description}: reply too long`));
      });
      socket.on('end', () => {
        const line = replyLine() ?? Buffer.concat(chunks).toString('utf8').trim();
        if (line.length > 0) finish(null, line);
        else finish(new ScannerUnavailableError(`${this.description}: closed without an answer`));
      });
      socket.on('error', (error) => {
        // After clamd answered early, writing into the closed socket fails: the answer counts.
        const line = replyLine();
        if (line !== null) finish(null, line);
        else finish(new ScannerUnavailableError(`${this.description}: ${error.message}`, { cause: error }));
      });
      socket.once('connect', () => {
        send(socket, () => settled || replyLine() !== null).catch((error: unknown) => {
          if (settled) return;
          // A read error of the source is ours, not clamd's: not a reason to think it is down.
          if (source && error instanceof Error && !isSocketError(error)) {
            finish(new ScanFailedError(`reading the content failed: ${error.message}`));
          } else if (replyLine() === null && error instanceof Error) {
            finish(new ScannerUnavailableError(`${this.description}: ${error.message}`, { cause: error }));
          }
        });
      });
    });
  }
}

/** `stream: OK` → clean; `stream: <name> FOUND` → infected; anything else is a failed scan. */
export function parseScanReply(reply: string): ScanVerdict {
  const body = reply.replace(/^stream:\s*/, '');
  if (body === 'OK') return { infected: false };
  const found = /^(.+) FOUND$/.exec(body);
  if (found?.[1]) return { infected: true, signature: found[1].trim() };
  throw new ScanFailedError(`clamd could not scan the content: ${reply}`);
}

function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new SocketWriteError('the connection to clamd is closed'));
      return;
    }
    socket.write(data, (error) => (error ? reject(new SocketWriteError(error.message)) : resolve()));
  });
}

class SocketWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SocketWriteError';
  }
}

function isSocketError(error: Error): boolean {
  return error instanceof SocketWriteError;
}
