import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type Distribution, summarize } from './stats';

/**
 * How long this disk takes to make a small write durable (write + fsync), measured in
 * `dir` right before a scenario. A server that commits before it acks cannot answer
 * faster than this; the raw relay never pays it.
 */
export function probeFsync(dir: string, samples = 300): Distribution {
  const file = join(dir, `fsync-probe-${process.pid}`);
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      writeSync(fd, block);
      fsyncSync(fd);
      latencies.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return summarize(latencies);
}
