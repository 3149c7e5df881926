import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SessionService } from '../../server/src/auth/sessions';
import { databaseFile } from '../../server/src/config/data-dir';
import { openSqliteStore } from '../../server/src/store/sqlite';
import { prepareSearchData, type SearchCorpusSizes } from '../search/generate';
import { SEARCH_FULL, SEARCH_QUICK } from '../search/search-bench';
import { startBeacon } from '../targets/beacon';
import { runAdmin } from './children';
import { type ArchiveSpan, exportOverHttp, exportWithCli, exportWithFloor } from './exports';
import { describe, type ExportBenchFigures, MB } from './figures';

export interface ExportBenchSizes {
  corpus: SearchCorpusSizes;
}

// The search benchmark's corpus; nobody searches, so no searchers' sessions are issued.
export const EXPORT_FULL: ExportBenchSizes = {
  corpus: { ...SEARCH_FULL.corpus, searchers: 0, heavyConversations: 0 },
};
export const EXPORT_QUICK: ExportBenchSizes = {
  corpus: { ...SEARCH_QUICK.corpus, searchers: 0, heavyConversations: 0 },
};

/** prepareSearchData's first user, a member of no conversation: the compliance officer. */
const COMPLIANCE_OFFICER = 'user0@bench.test';

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** How many entries the archive holds and the UTC days of its first and last. */
function spanOf(dataDir: string): ArchiveSpan & { databaseMiB: number } {
  const file = databaseFile(dataDir);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare<[], { entries: number; first: number; last: number }>(
        'SELECT count(*) AS entries, min(at) AS first, max(at) AS last FROM archive_entries',
      )
      .get();
    if (!row || row.entries === 0) throw new Error('the archive is empty');
    const pages = db.pragma('page_count', { simple: true }) as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    return {
      dataDir,
      databaseFile: file,
      entries: row.entries,
      from: utcDay(row.first),
      to: utcDay(row.last),
      databaseMiB: (pages * pageSize) / MB,
    };
  } finally {
    db.close();
  }
}

/**
 * Gives the compliance officer the role the export route needs, as an operator does
 * (`npm run admin -- user roles … --set compliance`), and a session, issued through the store
 * as the other benchmarks' are.
 */
async function complianceSession(archive: ArchiveSpan): Promise<string> {
  const args = ['--data-dir', archive.dataDir, 'user', 'roles', COMPLIANCE_OFFICER, '--set', 'compliance'];
  const roles = await runAdmin(args);
  if (roles.code !== 0) throw new Error(`setting the compliance role failed:\n${roles.stderr}`);
  const store = openSqliteStore(archive.databaseFile);
  try {
    const user = await store.users.byEmail(COMPLIANCE_OFFICER);
    if (!user?.roles.includes('compliance'))
      throw new Error(`${COMPLIANCE_OFFICER} lacks the compliance role`);
    return (await new SessionService(store).issue(user.id)).token;
  } finally {
    await store.close();
  }
}

/**
 * The eDiscovery export of a large archive: the search benchmark's corpus filled through the
 * store (which writes each message's archive entry in the same transaction), then exported
 * (1) over HTTP from the real server as JSON Lines and as CSV, consumed by a client that keeps
 * nothing, while the server's RSS is sampled every 20 ms; (2) by the admin CLI as its own
 * process; (3) by the floor, a bare better-sqlite3 → file script.
 */
export async function runExportBench(
  sizes: ExportBenchSizes,
  options: { floor: boolean },
  log: (line: string) => void,
): Promise<ExportBenchFigures> {
  const loadAverageAtStart = loadavg();
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-export-bench-'));
  try {
    const dataDir = join(workDir, 'data');
    const { corpus } = sizes;
    log(
      `filling ${corpus.messages.toLocaleString('en')} messages over ${corpus.conversations} conversations…`,
    );
    const fillStart = performance.now();
    await prepareSearchData(dataDir, corpus, (line) => log(`  ${line}`));
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const { databaseMiB, ...archive } = spanOf(dataDir);
    log(
      `filled in ${fillSeconds.toFixed(1)} s; ${archive.entries.toLocaleString('en')} archive entries ` +
        `(${archive.from} … ${archive.to}); database ${databaseMiB.toFixed(0)} MiB`,
    );
    const token = await complianceSession(archive);

    const server = await startBeacon(dataDir);
    let httpJsonl: ExportBenchFigures['httpJsonl'];
    let httpCsv: ExportBenchFigures['httpCsv'];
    try {
      httpJsonl = await exportOverHttp(server, token, archive, 'jsonl');
      log(describe('HTTP jsonl', httpJsonl));
      httpCsv = await exportOverHttp(server, token, archive, 'csv');
      log(describe('HTTP csv', httpCsv));
    } finally {
      await server.stop();
    }
    const cliJsonl = await exportWithCli(archive, join(workDir, 'cli-export'));
    log(describe('CLI jsonl (whole process)', cliJsonl));
    const floor = options.floor ? await exportWithFloor(archive, join(workDir, 'floor.jsonl')) : null;
    if (floor) log(describe('floor (better-sqlite3 → file)', floor));
    return {
      messages: corpus.messages,
      archiveEntries: archive.entries,
      fillSeconds,
      databaseMiB,
      range: { from: archive.from, to: archive.to },
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
      httpJsonl,
      httpCsv,
      cliJsonl,
      floor,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
