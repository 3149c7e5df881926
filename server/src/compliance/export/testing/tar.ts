import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/** A tar's files in order, as tar-stream extracts them. */
export async function untar(data: Buffer | Readable): Promise<Array<{ name: string; content: Buffer }>> {
  const extract = tar.extract();
  const feeding = pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, extract);
  const files: Array<{ name: string; content: Buffer }> = [];
  try {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) if (Buffer.isBuffer(chunk)) chunks.push(chunk);
      files.push({ name: entry.header.name, content: Buffer.concat(chunks) });
    }
  } finally {
    await feeding;
  }
  return files;
}
