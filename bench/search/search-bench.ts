import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { databaseFile } from '../../server/src/config/data-dir';
import { SEARCH_RATE_LIMIT } from '../../server/src/realtime/handlers/search';
import { TokenBucket } from '../../server/src/realtime/rate-limit';
import { type HitParams, SEARCH_NEWEST_SQL, searchMatch } from '../../server/src/store/sqlite/search';
import { buildFtsQuery } from '../../server/src/store/sqlite/search-query';
import { summarize } from '../lib/stats';
import { startBeacon } from '../targets/beacon';
import { seededRandom } from './corpus';
import { prepareSearchData, type SearchCorpusSizes, type Searcher, type SearchFixture } from './generate';

export interface SearchBenchSizes {
  corpus: SearchCorpusSizes;
  /** Measured searches per kind (after a warm-up of a tenth as many). */
  queriesPerKind: number;
}

export const SEARCH_FULL: SearchBenchSizes = {
  corpus: {
    users: 1_000,
    conversations: 1_000,
    messages: 1_000_000,
    vocabulary: 20_000,
    searchers: 100,
    heavyConversations: 150,
    batch: 20_000,
  },
  queriesPerKind: 200,
};
export const SEARCH_QUICK: SearchBenchSizes = {
  corpus: {
    users: 200,
    conversations: 200,
    messages: 20_000,
    vocabulary: 5_000,
    searchers: 50,
    heavyConversations: 120,
    batch: 5_000,
  },
  queriesPerKind: 40,
};

const LIMIT = 20;

interface Query {
  searcher: Searcher;
  text: string;
  conversationId?: string;
}

interface Kind {
  name: string;
  make(pick: Picker): Query;
}

interface Picker {
  searcher(): Searcher;
  heavy: Searcher;
  /** A word of frequency rank in [from, to) (0 = the most frequent). */
  word(from: number, to: number): string;
  conversationOf(searcher: Searcher): string;
}

const KINDS: Kind[] = [
  { name: 'common word, everywhere', make: (p) => ({ searcher: p.searcher(), text: p.word(5, 40) }) },
  {
    name: 'common word, one conversation',
    make: (p) => {
      const searcher = p.searcher();
      return { searcher, text: p.word(5, 40), conversationId: p.conversationOf(searcher) };
    },
  },
  {
    name: 'prefix (3 letters), everywhere',
    make: (p) => ({ searcher: p.searcher(), text: p.word(60, 600).slice(0, 3) }),
  },
  {
    name: 'two words, everywhere',
    make: (p) => ({ searcher: p.searcher(), text: `${p.word(5, 100)} ${p.word(100, 2000)}` }),
  },
  { name: 'rare word, everywhere', make: (p) => ({ searcher: p.searcher(), text: p.word(10_000, 20_000) }) },
  {
    name: 'rare word, one conversation',
    make: (p) => {
      const searcher = p.searcher();
      return { searcher, text: p.word(10_000, 20_000), conversationId: p.conversationOf(searcher) };
    },
  },
  { name: 'common word, member of 150 conv.', make: (p) => ({ searcher: p.heavy, text: p.word(5, 40) }) },
];

export interface SearchKindFigures {
  kind: string;
  beaconP50Ms: number;
  beaconP99Ms: number;
  floorP50Ms: number;
  floorP99Ms: number;
  /** Beacon p99 ÷ floor p99. */
  ratioP99: number;
  meanHits: number;
}

export interface SearchBenchFigures {
  messages: number;
  fillSeconds: number;
  databaseMiB: number;
  kinds: SearchKindFigures[];
}

/**
 * Search over a large corpus: each kind of query through the real server over socket.io
 * (one at a time, so the figures are latencies, not queueing), beside the floor: the same
 * FTS5 statement the store runs, on a read-only better-sqlite3 connection in this process.
 */
export async function runSearchBench(
  sizes: SearchBenchSizes,
  log: (line: string) => void,
  startServer: (dataDir: string) => Promise<{ url: string; stop(): Promise<void> }> = startBeacon,
): Promise<SearchBenchFigures> {
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-search-bench-'));
  try {
    const dataDir = join(workDir, 'data');
    log(
      `filling ${sizes.corpus.messages.toLocaleString('en')} messages over ${sizes.corpus.conversations} conversations…`,
    );
    const fillStart = performance.now();
    const fixture = await prepareSearchData(dataDir, sizes.corpus, (line) => log(`  ${line}`));
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const db = new Database(databaseFile(dataDir), { readonly: true });
    const databaseMiB =
      ((db.pragma('page_count', { simple: true }) as number) *
        (db.pragma('page_size', { simple: true }) as number)) /
      2 ** 20;
    log(`filled in ${fillSeconds.toFixed(1)} s; database ${databaseMiB.toFixed(0)} MiB`);
    const server = await startServer(dataDir);
    const sockets = new Map<string, Socket>();
    try {
      for (const searcher of [...fixture.searchers, fixture.heavy])
        sockets.set(searcher.id, await connect(server.url, searcher.token));
      const floor = db.prepare<HitParams, { doc: number }>(SEARCH_NEWEST_SQL);
      const kinds: SearchKindFigures[] = [];
      for (const kind of KINDS) {
        const queries = queriesOf(kind, fixture, sizes.queriesPerKind, sizes.corpus.vocabulary);
        const warmup = queries.slice(0, Math.ceil(queries.length / 10));
        for (const query of warmup) {
          await pace(query.searcher.id);
          await viaServer(sockets, query);
        }
        const beacon: number[] = [];
        const raw: number[] = [];
        let hits = 0;
        for (const query of queries) {
          await pace(query.searcher.id);
          const started = performance.now();
          hits += await viaServer(sockets, query);
          beacon.push(performance.now() - started);
          raw.push(viaDatabase(floor, query));
        }
        const b = summarize(beacon);
        const f = summarize(raw);
        const figures = {
          kind: kind.name,
          beaconP50Ms: b.p50,
          beaconP99Ms: b.p99,
          floorP50Ms: f.p50,
          floorP99Ms: f.p99,
          ratioP99: b.p99 / f.p99,
          meanHits: hits / queries.length,
        };
        kinds.push(figures);
        log(
          `${kind.name}: Beacon p50 ${b.p50.toFixed(2)} / p99 ${b.p99.toFixed(2)} ms; floor p50 ${f.p50.toFixed(2)} / p99 ${f.p99.toFixed(2)} ms; ${figures.meanHits.toFixed(1)} hits`,
        );
      }
      return { messages: sizes.corpus.messages, fillSeconds, databaseMiB, kinds };
    } finally {
      for (const socket of sockets.values()) socket.close();
      await server.stop();
      db.close();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The figures as a table: one row per kind of query. */
export function formatSearchTable(figures: SearchBenchFigures): string {
  const header = ['query', 'Beacon p50', 'Beacon p99', 'floor p50', 'floor p99', 'p99 ratio', 'hits'];
  const rows = figures.kinds.map((k) => [
    k.kind,
    `${k.beaconP50Ms.toFixed(2)} ms`,
    `${k.beaconP99Ms.toFixed(2)} ms`,
    `${k.floorP50Ms.toFixed(2)} ms`,
    `${k.floorP99Ms.toFixed(2)} ms`,
    `${k.ratioP99.toFixed(1)}×`,
    k.meanHits.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function queriesOf(kind: Kind, fixture: SearchFixture, count: number, vocabularySize: number): Query[] {
  const random = seededRandom(kind.name.length * 7919);
  const pickOf = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const picker: Picker = {
    searcher: () => pickOf(fixture.searchers),
    heavy: fixture.heavy,
    word: (from, to) => {
      // Ranks are given for the full 20,000-word vocabulary; the rare ones scale with a smaller one.
      const scale = from >= 1_000 ? vocabularySize / 20_000 : 1;
      const low = Math.min(Math.floor(from * scale), vocabularySize - 1);
      const high = Math.max(low + 1, Math.min(Math.floor(to * scale), vocabularySize));
      return fixture.words[low + Math.floor(random() * (high - low))] ?? 'the';
    },
    conversationOf: (searcher) => pickOf(searcher.conversationIds),
  };
  return Array.from({ length: count }, () => kind.make(picker));
}

async function connect(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('ready', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Client-side mirrors of the server's per-session search limit, a little stricter. */
const pacers = new Map<string, TokenBucket>();

/** Waits (outside the measured time) until the searcher's session may search again. */
async function pace(searcherId: string): Promise<void> {
  let bucket = pacers.get(searcherId);
  if (!bucket) {
    bucket = new TokenBucket({
      ratePerSecond: SEARCH_RATE_LIMIT.ratePerSecond * 0.9,
      burst: SEARCH_RATE_LIMIT.burst - 5,
    });
    pacers.set(searcherId, bucket);
  }
  while (!bucket.tryTake()) await new Promise((resolve) => setTimeout(resolve, bucket.retryAfterMs() + 1));
}

async function viaServer(sockets: Map<string, Socket>, query: Query): Promise<number> {
  const socket = sockets.get(query.searcher.id);
  if (!socket) throw new Error(`no socket for ${query.searcher.id}`);
  const ack = (await socket.emitWithAck('message:search', {
    query: query.text,
    limit: LIMIT,
    ...(query.conversationId ? { conversationId: query.conversationId } : {}),
  })) as { ok: boolean; hits?: unknown[]; error?: { message: string } };
  if (!ack.ok) throw new Error(`message:search failed: ${ack.error?.message}`);
  return ack.hits?.length ?? 0;
}

function viaDatabase(statement: Database.Statement<HitParams, { doc: number }>, query: Query): number {
  const text = buildFtsQuery(query.text);
  if (!text.ok) throw new Error(text.reason);
  const scope = query.conversationId ? [query.conversationId] : query.searcher.conversationIds;
  const match = searchMatch(text.match, scope);
  const started = performance.now();
  statement.all({ userId: query.searcher.id, match, limit: LIMIT + 1, beforeSeq: null, beforeDoc: null });
  return performance.now() - started;
}
