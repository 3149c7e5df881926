import type { CalendarResponse } from 'node-ical';
import type { Logger } from '../../logger';
import type { ClaimsClient } from '../shared/claims-client';
import {
  type CalendarState,
  nextChangeAfter,
  type Occurrence,
  occurrencesAround,
  stateAt,
} from './current-event';
import { loadFeed } from './feed-source';
import type { FeedMapping } from './feeds-config';

export const DEFAULT_POLL_INTERVAL_MS = 60_000;
export const DEFAULT_CLAIM_ID = 'calendar';
/** The server refuses claims longer than 24 h; a longer event is claimed in pieces (minus a margin). */
const CLAIM_MAX_AHEAD_MS = 24 * 60 * 60 * 1000 - 60_000;
/** A claim cut short by the 24 h limit is extended once less than this remains. */
const EXTEND_WHEN_LEFT_MS = 12 * 60 * 60 * 1000;
/** Wake up this long after a start or end, so the moment has passed on every clock involved. */
const CHANGE_SLACK_MS = 25;

export interface CalendarBridgeOptions {
  feeds: readonly FeedMapping[];
  claims: Pick<ClaimsClient, 'put' | 'delete'>;
  logger: Logger;
  pollIntervalMs?: number;
  claimId?: string;
  publicSummaries?: boolean;
  now?: () => number;
  loadFeed?: (url: URL) => Promise<CalendarResponse>;
}

/** The claim last confirmed by the server for a user, or that it was deleted. */
type Sent = { kind: 'claim'; state: CalendarState; until: number } | { kind: 'deleted' };

interface UserCalendar {
  feed: FeedMapping;
  /** Null until the feed was read once: then the bridge does not know, and leaves the claim alone. */
  occurrences: Occurrence[] | null;
  /** Unknown (null) at start and after a failed call: the next evaluation sends again. */
  sent: Sent | null;
  failing: boolean;
}

/**
 * The calendar bridge (docs/integrations.md, "Calendar bridge"): reads each user's ICS feed
 * every poll interval and keeps one claim per user through the Integration API — `busy` for a
 * current meeting, `away` for out of office, until the event's end; deleted when nothing is
 * current. Between polls it wakes at the next known start or end, so a meeting shows when it
 * begins, not up to a poll later. A failing feed is logged and read again at the next poll;
 * meanwhile its last good copy keeps deciding.
 */
export class CalendarBridge {
  private readonly users: UserCalendar[];
  private readonly pollIntervalMs: number;
  private readonly claimId: string;
  private readonly now: () => number;
  private readonly load: (url: URL) => Promise<CalendarResponse>;
  private pollTimer: NodeJS.Timeout | null = null;
  private changeTimer: NodeJS.Timeout | null = null;
  private running = false;
  /** Polls and evaluations run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: CalendarBridgeOptions) {
    this.users = options.feeds.map((feed) => ({ feed, occurrences: null, sent: null, failing: false }));
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.claimId = options.claimId ?? DEFAULT_CLAIM_ID;
    this.now = options.now ?? Date.now;
    this.load = options.loadFeed ?? ((url) => loadFeed(url));
  }

  /** Polls now and then every interval, until `stop`. Resolves after the first poll. */
  async start(): Promise<void> {
    this.running = true;
    await this.poll();
    const tick = () => {
      if (!this.running) return;
      void this.poll().finally(() => {
        if (this.running) this.pollTimer = setTimeout(tick, this.pollIntervalMs);
      });
    };
    this.pollTimer = setTimeout(tick, this.pollIntervalMs);
  }

  /** Stops the timers and waits for a poll under way; the claims stay (they end at their `until`). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    await this.queue;
  }

  /** Reads every feed, then brings every user's claim up to date. */
  poll(): Promise<void> {
    return this.enqueue(async () => {
      await Promise.all(this.users.map((user) => this.read(user)));
      await this.evaluate();
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'calendar bridge: unexpected error');
    });
    return this.queue;
  }

  private async read(user: UserCalendar): Promise<void> {
    try {
      const calendar = await this.load(user.feed.url);
      user.occurrences = occurrencesAround(calendar, this.now(), { email: user.feed.email });
      if (user.failing) this.options.logger.info({ email: user.feed.email }, 'calendar feed readable again');
      user.failing = false;
    } catch (error) {
      user.failing = true;
      // The URL's host only: published calendar URLs often carry a secret in the path.
      this.options.logger.warn(
        { email: user.feed.email, host: user.feed.url.host || 'file', reason: (error as Error).message },
        'calendar feed failed; keeping its last copy, retrying at the next poll',
      );
    }
  }

  private async evaluate(): Promise<void> {
    const now = this.now();
    await Promise.all(this.users.map((user) => this.sync(user, now)));
    this.scheduleNextChange(now);
  }

  private async sync(user: UserCalendar, now: number): Promise<void> {
    if (user.occurrences === null) return;
    const { email } = user.feed;
    const publicSummaries = user.feed.publicSummaries ?? this.options.publicSummaries ?? false;
    const state = stateAt(user.occurrences, now, { email, publicSummaries });
    try {
      if (state === null) {
        if (user.sent?.kind === 'deleted') return;
        await this.options.claims.delete(email, this.claimId);
        user.sent = { kind: 'deleted' };
        this.options.logger.info({ email }, 'calendar claim cleared');
        return;
      }
      const until = Math.min(state.end, now + CLAIM_MAX_AHEAD_MS);
      if (user.sent?.kind === 'claim' && sameState(user.sent.state, state)) {
        const cutShort = user.sent.until < state.end;
        if (!cutShort || user.sent.until - now > EXTEND_WHEN_LEFT_MS) return;
      }
      await this.options.claims.put(email, this.claimId, {
        status: state.status,
        activity: state.activity,
        until,
      });
      user.sent = { kind: 'claim', state, until };
      this.options.logger.info({ email, status: state.status, until }, 'calendar claim set');
    } catch (error) {
      user.sent = null;
      this.options.logger.warn({ email, reason: (error as Error).message }, 'calendar claim update failed');
    }
  }

  private scheduleNextChange(now: number): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = null;
    if (!this.running) return;
    let next: number | null = null;
    for (const user of this.users) {
      const moment = user.occurrences ? nextChangeAfter(user.occurrences, now) : null;
      if (moment !== null && (next === null || moment < next)) next = moment;
    }
    // The next poll re-evaluates anyway; a timer is only worth it for a change before that.
    if (next === null || next - now >= this.pollIntervalMs) return;
    this.changeTimer = setTimeout(
      () => {
        void this.enqueue(() => this.evaluate());
      },
      next - now + CHANGE_SLACK_MS,
    );
  }
}

function sameState(a: CalendarState, b: CalendarState): boolean {
  return a.status === b.status && a.activity === b.activity && a.end === b.end;
}
