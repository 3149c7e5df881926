import type { RunningProcess } from '../lib/child';
import type { Sizes } from '../scenarios/types';
import type { BenchFixture } from '../targets/fixture';
import { PeerRosters, peerFixture } from './accounts';
import { createEjabberd, ejabberdMissing } from './ejabberd';
import { isPeerKind, PEER_KINDS, type PeerKind, type PeerServer } from './peer-types';
import { createProsody, prosodyMissing } from './prosody';

/** The scenarios the peers run (the others need Beacon's HTTP API or its presence rules). */
export const PEER_SCENARIOS: readonly string[] = ['messages', 'fanout', 'connections'];

const MISSING: Record<PeerKind, () => string | null> = { prosody: prosodyMissing, ejabberd: ejabberdMissing };
const CREATE: Record<PeerKind, () => PeerServer> = { prosody: createProsody, ejabberd: createEjabberd };

export const PEER_TITLES: Record<PeerKind, string> = { prosody: 'Prosody', ejabberd: 'ejabberd' };

/**
 * Which peers run: `--peers a,b` asks for those (an error if one is unknown), `--no-peers`
 * for none, neither for every peer that is installed. A peer that is not installed is
 * skipped with a note, asked for or not.
 */
export function choosePeers(
  option: string | undefined,
  noPeers: boolean,
): { peers: PeerKind[]; notes: string[] } {
  if (noPeers) return { peers: [], notes: [] };
  const asked =
    option === undefined
      ? [...PEER_KINDS]
      : option
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
  const unknown = asked.filter((name) => !isPeerKind(name));
  if (unknown.length > 0)
    throw new Error(`unknown peer ${unknown.join(', ')} (known: ${PEER_KINDS.join(', ')})`);
  const peers: PeerKind[] = [];
  const notes: string[] = [];
  for (const kind of asked.filter(isPeerKind)) {
    const missing = MISSING[kind]();
    if (missing) notes.push(`peer ${kind} skipped: ${missing}`);
    else peers.push(kind);
  }
  return { peers, notes };
}

export function createPeer(kind: PeerKind): PeerServer {
  return CREATE[kind]();
}

/** The chosen peers, prepared once per run (like Beacon's data dir) and removed at its end. */
export interface PreparedPeers {
  kinds: PeerKind[];
  /** Beacon's fixture as the peers' accounts see it (bench/peers/accounts.ts). */
  fixture: BenchFixture;
  /** Kind → "Prosody 0.12.3", in the order of the report's columns. */
  titles: Record<string, string>;
  start(kind: PeerKind): Promise<RunningProcess>;
  cleanup(): void;
}

/** Creates each peer's temp dir, configuration, accounts and rosters. */
export async function preparePeers(
  kinds: PeerKind[],
  beaconFixture: BenchFixture,
  sizes: Sizes,
  log: (line: string) => void,
): Promise<PreparedPeers> {
  const fixture = peerFixture(beaconFixture);
  const servers: PeerServer[] = [];
  const cleanup = () => {
    for (const server of servers) server.cleanup();
  };
  try {
    if (kinds.length > 0) {
      const rosters = new PeerRosters(sizes, fixture.users.length);
      const items = rosters.itemCount;
      for (const kind of kinds) {
        const server = createPeer(kind);
        servers.push(server);
        const started = performance.now();
        await server.prepare(fixture, rosters);
        log(
          `${server.title}: ${fixture.users.length} accounts, ${items} roster items written in ${((performance.now() - started) / 1000).toFixed(1)} s (${server.dir})`,
        );
      }
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return {
    kinds,
    fixture,
    titles: Object.fromEntries(servers.map((server) => [server.kind, server.title])),
    start(kind) {
      const server = servers.find((s) => s.kind === kind);
      if (!server) return Promise.reject(new Error(`peer ${kind} was not prepared`));
      return server.start();
    },
    cleanup,
  };
}
