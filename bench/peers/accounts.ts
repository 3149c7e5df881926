import type { Sizes } from '../scenarios/types';
import { BENCH_PASSWORD, type BenchFixture, contactsOf } from '../targets/fixture';

/**
 * The peers' accounts are Beacon's users under the same addresses: `user7@bench.test`
 * is a JID there. The scenarios see a fixture whose user id is the JID's localpart, whose
 * "token" is the password, and whose 1:1 conversation id is the receiver's localpart.
 */
export function peerFixture(fixture: BenchFixture): BenchFixture {
  const users = fixture.users.map((user) => ({
    id: localpartOfEmail(user.email),
    email: user.email,
    token: BENCH_PASSWORD,
  }));
  return {
    users,
    pairs: fixture.pairs.map((pair) => ({ ...pair, conversationId: users[pair.b]?.id ?? '' })),
  };
}

function localpartOfEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) throw new Error(`not an address: ${email}`);
  return email.slice(0, at);
}

/** RFC 6121 subscription states, from the roster owner's side. */
export type Subscription = 'both' | 'to' | 'from';

export interface RosterItem {
  /** Index into the fixture's users. */
  contact: number;
  subscription: Subscription;
}

/**
 * Who follows whose presence, as the scenarios need it, written into each peer's roster
 * storage before it starts (XMPP has no subscribe call that skips the approval dance):
 * - connections: user i follows `contactsOf(i)` (roster item "to"; the contact's item
 *   for i is "from", which is what makes the server send it i's presence);
 * - fanout: the star (user 0) and every watcher follow each other ("both").
 * One set of rosters serves every scenario, as Beacon's one data dir does.
 */
export class PeerRosters {
  private readonly follows: Array<Set<number>>;
  private readonly followedBy: Array<Set<number>>;

  constructor(
    sizes: Sizes,
    readonly userCount: number,
  ) {
    this.follows = Array.from({ length: userCount }, () => new Set<number>());
    this.followedBy = Array.from({ length: userCount }, () => new Set<number>());
    const { clients, contacts } = sizes.connections;
    const connected = Math.min(clients, userCount);
    for (let i = 0; i < connected; i++)
      for (const contact of contactsOf(i, contacts, connected)) this.follow(i, contact);
    const watchers = Math.min(sizes.fanout.watchers, userCount - 1);
    for (let w = 1; w <= watchers; w++) {
      this.follow(w, 0);
      this.follow(0, w);
    }
  }

  itemsOf(index: number): RosterItem[] {
    const follows = this.follows[index] ?? new Set<number>();
    const followedBy = this.followedBy[index] ?? new Set<number>();
    const items: RosterItem[] = [];
    for (const contact of follows)
      items.push({ contact, subscription: followedBy.has(contact) ? 'both' : 'to' });
    for (const contact of followedBy)
      if (!follows.has(contact)) items.push({ contact, subscription: 'from' });
    return items;
  }

  /** Roster items over all users (each subscription appears on both sides). */
  get itemCount(): number {
    let total = 0;
    for (let i = 0; i < this.userCount; i++) total += this.itemsOf(i).length;
    return total;
  }

  private follow(watcher: number, contact: number): void {
    if (watcher === contact) return;
    this.follows[watcher]?.add(contact);
    this.followedBy[contact]?.add(watcher);
  }
}
