import type { RunningProcess } from '../lib/child';
import type { BenchFixture } from '../targets/fixture';
import type { PeerRosters } from './accounts';

/** The XMPP servers Beacon's benchmark runs beside it (issue 13). */
export const PEER_KINDS = ['prosody', 'ejabberd'] as const;
export type PeerKind = (typeof PEER_KINDS)[number];

export function isPeerKind(value: string): value is PeerKind {
  return (PEER_KINDS as readonly string[]).includes(value);
}

/** One peer server: its own temp dir, generated configuration, accounts written before it starts. */
export interface PeerServer {
  kind: PeerKind;
  /** "Prosody 0.12.3", for the report. */
  title: string;
  /** The temp dir holding its configuration, data and logs. */
  dir: string;
  /** Writes the configuration and the accounts and rosters of `fixture` (a peer fixture). */
  prepare(fixture: BenchFixture, rosters: PeerRosters): Promise<void>;
  /** Starts the server on loopback; resolves once it accepts XMPP streams. */
  start(): Promise<RunningProcess>;
  /** Removes the temp dir (the server must be stopped). */
  cleanup(): void;
}
