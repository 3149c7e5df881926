import { writeFileSync } from 'node:fs';
import type { FloorFixture } from '../floor/wire';
import { type RunningProcess, startProcess } from '../lib/child';
import { BENCH_PASSWORD, type BenchFixture } from './fixture';

/** The same users, tokens and conversations as Beacon's, for the floor relay. */
export function writeFloorFixture(file: string, fixture: BenchFixture): void {
  const floor: FloorFixture = {
    password: BENCH_PASSWORD,
    users: fixture.users,
    conversations: fixture.pairs.map((pair) => ({
      id: pair.conversationId,
      memberIds: [pair.a, pair.b].map((index) => fixture.users[index]?.id ?? ''),
    })),
  };
  writeFileSync(file, JSON.stringify(floor));
}

export function startFloor(fixtureFile: string): Promise<RunningProcess> {
  return startProcess(
    ['--import', 'tsx', 'bench/floor/relay.ts', '--port', '0', '--fixture', fixtureFile],
    /Floor relay listening on (http:\/\/\S+)/,
  );
}
