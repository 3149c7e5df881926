import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';

/**
 * The floor of the export benchmark, the least an export can do: opens the database file with
 * better-sqlite3 and writes every `archive_entries` row, in chain order, as one JSON line to a
 * file, waiting for the stream to drain whenever it is full. No canonical form, no names, no
 * manifest, no tar. Prints `ready` once open, starts on SIGUSR2, prints `done <rows> <bytes>`
 * and then waits for SIGTERM, so the benchmark can read its RSS before and after.
 */
const [databaseFile, outFile] = process.argv.slice(2);
if (!databaseFile || !outFile) throw new Error('usage: floor-export.ts <database file> <output file>');

const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
const rows = db.prepare(
  `SELECT chain, chain_seq, at, kind, conversation_id, actor_id, message_id, payload, prev_hash, hash
   FROM archive_entries ORDER BY chain, chain_seq`,
);

async function exportAll(): Promise<void> {
  const out = createWriteStream(outFile ?? '');
  let count = 0;
  for (const row of rows.iterate()) {
    count += 1;
    if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  process.stdout.write(`done ${count} ${out.bytesWritten}\n`);
}

process.once('SIGUSR2', () => {
  exportAll().catch((error: unknown) => {
    process.stderr.write(`floor export failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
});
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
// Keeps the process alive until SIGTERM.
setInterval(() => {}, 60_000);
process.stdout.write('ready\n');
