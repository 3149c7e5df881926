import { get, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// The server's own tar-stream (3.x): the copy at the repository root is an older one that
// better-sqlite3's installer pulls in.
const tar = createRequire(new URL('../../server/package.json', import.meta.url))(
  'tar-stream',
) as typeof import('tar-stream');

export interface TarFileSeen {
  bytes: number;
  /** Line feeds in the file. */
  lines: number;
  /** `archive.jsonl` / `archive.csv`: how many parts it was sent in. */
  parts?: number;
}

export interface DownloadedExport {
  /** Bytes of the tar as received. */
  bytes: number;
  /** From the request until the response's headers and first bytes arrived. */
  firstByteSeconds: number;
  /** From the request until the last byte was read. */
  seconds: number;
  /**
   * Every file of the tar, and `archive.jsonl` / `archive.csv`: their parts (`archive-000001.jsonl`,
   * …) counted together as the one file they make up (a CSV part's header row counted once).
   */
  files: Record<string, TarFileSeen>;
  /** manifest.json, parsed (the only file kept: a few KiB). */
  manifest: { counts?: { entries?: number } };
}

const LINE_FEED = 0x0a;

function lineFeeds(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(LINE_FEED); at !== -1; at = chunk.indexOf(LINE_FEED, at + 1)) count += 1;
  return count;
}

const PART = /^archive-\d{6}\.(jsonl|csv)$/;

function withWholeFiles(files: Record<string, TarFileSeen>): Record<string, TarFileSeen> {
  const whole: Record<string, Required<TarFileSeen>> = {};
  for (const [name, seen] of Object.entries(files)) {
    const extension = PART.exec(name)?.[1];
    if (extension === undefined) continue;
    const key = `archive.${extension}`;
    const file = whole[key] ?? { bytes: 0, lines: 0, parts: 0 };
    whole[key] = file;
    file.bytes += seen.bytes;
    // Every CSV part repeats the header row: a single file would have it once.
    file.lines += seen.lines - (extension === 'csv' && file.parts > 0 ? 1 : 0);
    file.parts += 1;
  }
  return { ...files, ...whole };
}

function requestExport(url: string, token: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { authorization: `Bearer ${token}` } }, resolve);
    request.on('error', reject);
  });
}

async function errorText(response: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of response) text += String(chunk);
  return text.slice(0, 500);
}

/**
 * Streams an export tar from `url` and consumes it without keeping it: counts its bytes and,
 * through tar-stream's extract (piped, so the server's stream is read only as fast as this
 * reads it), the bytes and lines of every file in it.
 */
export async function downloadExport(url: string, token: string): Promise<DownloadedExport> {
  const started = performance.now();
  const response = await requestExport(url, token);
  const firstByteSeconds = (performance.now() - started) / 1000;
  if (response.statusCode !== 200)
    throw new Error(`export answered ${response.statusCode}: ${await errorText(response)}`);
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const files: Record<string, TarFileSeen> = {};
  let manifestText = '';
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const seen: TarFileSeen = { bytes: 0, lines: 0 };
    files[header.name] = seen;
    const isManifest = header.name === 'manifest.json';
    stream.on('data', (chunk: Buffer) => {
      seen.bytes += chunk.length;
      seen.lines += lineFeeds(chunk);
      if (isManifest) manifestText += chunk.toString('utf8');
    });
    stream.on('end', () => next());
    stream.on('error', (error: Error) => next(error));
  });
  await pipeline(response, counter, extract);
  const seconds = (performance.now() - started) / 1000;
  if (manifestText === '') throw new Error('the export tar has no manifest.json');
  return {
    bytes,
    firstByteSeconds,
    seconds,
    files: withWholeFiles(files),
    manifest: JSON.parse(manifestText),
  };
}
