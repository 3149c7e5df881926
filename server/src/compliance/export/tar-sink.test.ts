import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDirs } from '../../store/sqlite/testing/temp-files';
import { ExportFile } from './sink';
import { SPOOL_MEMORY_BYTES } from './spool';
import { TarSink } from './tar-sink';
import { sha256 } from './testing/export-harness';
import { untar } from './testing/tar';

const dirs = tempDirs();
afterEach(() => dirs.cleanup());

describe('TarSink', () => {
  it('adds files in the order they close, a large one through a temporary file, and removes it after', async () => {
    const spoolDir = join(dirs.make(), 'spool');
    const sink = new TarSink(spoolDir, new Date(Date.UTC(2026, 3, 2)));
    const extracted = untar(sink.output);
    const large = randomBytes(SPOOL_MEMORY_BYTES * 3 + 17);

    const sums = await ExportFile.open(sink, 'SHA256SUMS');
    const big = await ExportFile.open(sink, 'eml/c/1-1.eml');
    for (let at = 0; at < large.length; at += 64 * 1024) await big.write(large.subarray(at, at + 64 * 1024));
    expect((await readdir(spoolDir)).length).toBe(1);
    const bigWritten = await big.close();
    await sums.write(`${bigWritten.sha256}  ${bigWritten.path}\n`);
    const small = await ExportFile.open(sink, 'eml/c/2-1.eml');
    await small.write('small ✓');
    await small.close();
    const sumsWritten = await sums.close();
    await sink.finish();

    const files = await extracted;
    expect(files.map((file) => file.name)).toEqual(['eml/c/1-1.eml', 'eml/c/2-1.eml', 'SHA256SUMS']);
    expect(files[0]?.content.equals(large)).toBe(true);
    expect(bigWritten).toEqual({ path: 'eml/c/1-1.eml', sha256: sha256(large), bytes: large.length });
    expect(files[1]?.content.toString('utf8')).toBe('small ✓');
    expect(sha256(files[2]?.content ?? '')).toBe(sumsWritten.sha256);
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('sends each file as soon as it is closed, so only the one being written is spooled', async () => {
    const spoolDir = join(dirs.make(), 'spool');
    const sink = new TarSink(spoolDir, new Date());
    const arrived: Array<{ name: string; bytes: number }> = [];
    const extract = tar.extract();
    const feeding = pipeline(sink.output, extract);
    const reading = (async () => {
      for await (const entry of extract) {
        let bytes = 0;
        for await (const chunk of entry) if (Buffer.isBuffer(chunk)) bytes += chunk.length;
        arrived.push({ name: entry.header.name, bytes });
      }
    })();
    const partBytes = SPOOL_MEMORY_BYTES + 1;

    for (const number of [1, 2, 3]) {
      const part = await ExportFile.open(sink, `archive-00000${number}.jsonl`);
      await part.write(randomBytes(partBytes));
      expect(await readdir(spoolDir), `while part ${number} is written`).toHaveLength(1);
      await part.close();
      // Out before the next part begins, and its temporary file gone.
      await vi.waitFor(() => expect(arrived).toHaveLength(number));
      expect(await readdir(spoolDir)).toEqual([]);
    }
    await sink.finish();
    await Promise.all([feeding, reading]);
    expect(arrived).toEqual(
      [1, 2, 3].map((number) => ({ name: `archive-00000${number}.jsonl`, bytes: partBytes })),
    );
  });

  it('stops the tar on abort and removes the temporary files', async () => {
    const spoolDir = join(dirs.make(), 'spool');
    const sink = new TarSink(spoolDir, new Date());
    const failed = untar(sink.output).then(
      () => null,
      (error: unknown) => error,
    );
    const file = await ExportFile.open(sink, 'archive-000001.jsonl');
    await file.write(randomBytes(SPOOL_MEMORY_BYTES + 1));
    await sink.abort(new Error('disk full'));
    expect(await failed).toEqual(new Error('disk full'));
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('makes a writer wait while nobody reads the tar, and fails it once the download is gone', async () => {
    const sink = new TarSink(join(dirs.make(), 'spool'), new Date());
    const controller = new AbortController();
    const writing = (async () => {
      for (let i = 0; i < 64; i += 1) {
        const file = await ExportFile.open(sink, `eml/c/${i}-1.eml`, controller.signal);
        await file.write(randomBytes(256 * 1024));
        await file.close();
      }
    })();
    const outcome = writing.then(
      () => 'finished',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await Promise.race([outcome, Promise.resolve('waiting')])).toBe('waiting');
    controller.abort(new Error('the client closed the download'));
    await sink.abort(new Error('the client closed the download'));
    expect(await outcome).toBe('failed');
  });
});
