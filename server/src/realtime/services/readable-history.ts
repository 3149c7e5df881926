import type { Message } from '@beacon/protocol';
import type { HistoryQuery, MemberPeriod } from '../../store/types';

type Page = { messages: Message[]; more: boolean };
type Fetch = (query: HistoryQuery) => Promise<Page>;

/**
 * History as one reader may see it: only the seqs of their member periods (an added member
 * reads from the message announcing them, a removed one up to the message announcing that).
 * Each query `fetch` runs is bounded to one period, so no unreadable message is read; a page
 * fills up from the next period across a gap (removed, then added again), and `more` says
 * whether readable messages lie beyond it. Seqs are gapless and every period starts and ends
 * at a stored (system) message, which is what lets the bounds answer `more`.
 */
export async function readableHistory(
  periods: readonly MemberPeriod[],
  query: HistoryQuery,
  fetch: Fetch,
): Promise<Page> {
  const first = periods[0];
  if (!first) return { messages: [], more: false };
  if (periods.length === 1 && first.fromSeq <= 1 && first.toSeq === null) return fetch(query);
  if (query.aroundSeq !== undefined) return around(periods, { ...query, aroundSeq: query.aroundSeq }, fetch);
  if (query.afterSeq !== undefined) return forwards(periods, { ...query, afterSeq: query.afterSeq }, fetch);
  return backwards(periods, query, fetch);
}

/** `afterSeq` (with or without `beforeSeq`): the first `limit` readable seqs after it, oldest period first. */
async function forwards(
  periods: readonly MemberPeriod[],
  query: HistoryQuery & { afterSeq: number },
  fetch: Fetch,
): Promise<Page> {
  const messages: Message[] = [];
  for (const period of periods) {
    const afterSeq = Math.max(query.afterSeq, period.fromSeq - 1);
    const beforeSeq = lowest(query.beforeSeq, upperBound(period));
    // Nothing of this period lies in the range (it ends before the cursor or starts past the bound).
    if (beforeSeq !== undefined && beforeSeq <= afterSeq + 1) continue;
    // A full page with readable messages still ahead (afterSeq + 1 is a stored seq of this period).
    if (messages.length === query.limit) return { messages, more: true };
    const page = await fetch({ limit: query.limit - messages.length, afterSeq, beforeSeq });
    messages.push(...page.messages);
    if (page.more) return { messages, more: true };
  }
  return { messages, more: false };
}

/** Newest first (`beforeSeq` or neither): the last `limit` readable seqs below the bound, newest period first. */
async function backwards(periods: readonly MemberPeriod[], query: HistoryQuery, fetch: Fetch): Promise<Page> {
  const pages: Message[][] = [];
  let count = 0;
  let more = false;
  for (const period of [...periods].reverse()) {
    const beforeSeq = lowest(query.beforeSeq, upperBound(period));
    if (beforeSeq !== undefined && beforeSeq <= period.fromSeq) continue;
    if (count === query.limit) {
      more = true;
      break;
    }
    // The newest `limit` below the bound; those older than the period are cut off.
    const page = await fetch({ limit: query.limit - count, beforeSeq });
    const kept = page.messages.filter((message) => message.seq >= period.fromSeq);
    pages.unshift(kept);
    count += kept.length;
    // Gapless seqs: a page that does not reach the period's start left older ones in it.
    if ((kept[0]?.seq ?? period.fromSeq) > period.fromSeq) {
      more = true;
      break;
    }
  }
  return { messages: pages.flat(), more };
}

/**
 * `aroundSeq`: the readable seqs older than it and those from it on, each side paged like
 * above (so across gaps too), balanced as the store balances them (history-around.ts):
 * ⌊limit/2⌋ older, the rest newer, either side filling up what the other lacks.
 */
async function around(
  periods: readonly MemberPeriod[],
  query: HistoryQuery & { aroundSeq: number },
  fetch: Fetch,
): Promise<Page> {
  const { aroundSeq, limit } = query;
  const older = await backwards(periods, { limit, beforeSeq: lowest(query.beforeSeq, aroundSeq) }, fetch);
  const newer = await forwards(
    periods,
    { limit, afterSeq: Math.max(aroundSeq - 1, query.afterSeq ?? 0), beforeSeq: query.beforeSeq },
    fetch,
  );
  const olderMessages = older.messages.filter((message) => message.seq > (query.afterSeq ?? 0));
  const olderCount = Math.min(
    olderMessages.length,
    Math.max(Math.floor(limit / 2), limit - newer.messages.length),
  );
  const newerCount = Math.min(newer.messages.length, limit - olderCount);
  return {
    messages: [
      ...olderMessages.slice(olderMessages.length - olderCount),
      ...newer.messages.slice(0, newerCount),
    ],
    more: olderMessages.length > olderCount || (older.more && olderMessages.length === older.messages.length),
  };
}

/** The exclusive upper bound of a period's seqs; undefined while it is open. */
function upperBound(period: MemberPeriod): number | undefined {
  return period.toSeq === null ? undefined : period.toSeq + 1;
}

function lowest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
