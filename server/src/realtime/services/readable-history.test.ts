import type { Message } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import type { HistoryQuery, MemberPeriod } from '../../store/types';
import { readableHistory } from './readable-history';

/** A conversation of seqs 1 … 30 and a fetch that pages it like the store (gapless seqs). */
const LAST = 30;
const message = (seq: number) => ({ seq }) as Message;
async function fetch(query: HistoryQuery): Promise<{ messages: Message[]; more: boolean }> {
  const low = query.afterSeq ?? 0;
  const high = Math.min(query.beforeSeq ?? LAST + 1, LAST + 1);
  const all = Array.from({ length: Math.max(0, high - low - 1) }, (_, i) => low + 1 + i);
  const { aroundSeq } = query;
  if (aroundSeq !== undefined) {
    const older = all.filter((s) => s < aroundSeq);
    const newer = all.filter((s) => s >= aroundSeq);
    const olderCount = Math.min(
      older.length,
      Math.max(Math.floor(query.limit / 2), query.limit - newer.length),
    );
    const page = [...older.slice(older.length - olderCount), ...newer.slice(0, query.limit - olderCount)];
    return { messages: page.map(message), more: older.length > olderCount };
  }
  if (query.afterSeq !== undefined) {
    return { messages: all.slice(0, query.limit).map(message), more: all.length > query.limit };
  }
  return { messages: all.slice(-query.limit).map(message), more: all.length > query.limit };
}
const seqsOf = (page: { messages: Message[] }) => page.messages.map((m) => m.seq);
const history = (periods: MemberPeriod[], query: HistoryQuery) => readableHistory(periods, query, fetch);

describe('readableHistory', () => {
  it('passes a member of the whole conversation straight through', async () => {
    const page = await history([{ fromSeq: 1, toSeq: null }], { limit: 3 });
    expect(seqsOf(page)).toEqual([28, 29, 30]);
    expect(page.more).toBe(true);
  });

  it('shows a removed member nothing after their removal, in every mode', async () => {
    const periods = [{ fromSeq: 1, toSeq: 10 }];
    expect(seqsOf(await history(periods, { limit: 3 }))).toEqual([8, 9, 10]);
    expect(seqsOf(await history(periods, { limit: 5, afterSeq: 8 }))).toEqual([9, 10]);
    expect(seqsOf(await history(periods, { limit: 5, beforeSeq: 20 }))).toEqual([6, 7, 8, 9, 10]);
    expect(seqsOf(await history(periods, { limit: 4, aroundSeq: 20 }))).toEqual([7, 8, 9, 10]);
  });

  it('shows an added member nothing before their addition, and says when nothing older is readable', async () => {
    const periods = [{ fromSeq: 26, toSeq: null }];
    const newest = await history(periods, { limit: 10 });
    expect(seqsOf(newest)).toEqual([26, 27, 28, 29, 30]);
    expect(newest.more).toBe(false);
    const some = await history(periods, { limit: 3 });
    expect(some.more).toBe(true);
    expect(seqsOf(await history(periods, { limit: 4, aroundSeq: 5 }))).toEqual([26, 27, 28, 29]);
    expect((await history(periods, { limit: 4, aroundSeq: 5 })).more).toBe(false);
  });

  it('leaves out the gap between two periods and fills the page from the next one', async () => {
    const periods = [
      { fromSeq: 1, toSeq: 5 },
      { fromSeq: 10, toSeq: null },
    ];
    expect(seqsOf(await history(periods, { limit: 10, afterSeq: 0 }))).toEqual([
      1, 2, 3, 4, 5, 10, 11, 12, 13, 14,
    ]);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const newest = await history(periods, { limit: 24 });
    expect(seqsOf(newest)).toEqual([3, 4, 5, ...range(10, 30)]);
    expect(newest.more).toBe(true);
  });

  describe('removed and added back (a gap between two periods)', () => {
    const periods = [
      { fromSeq: 1, toSeq: 5 },
      { fromSeq: 10, toSeq: 20 },
      { fromSeq: 25, toSeq: null },
    ];
    const readable = [1, 2, 3, 4, 5, ...Array.from({ length: 11 }, (_, i) => 10 + i), 25, 26, 27, 28, 29, 30];

    it('continues a catch-up from inside a gap at the next readable period', async () => {
      for (const afterSeq of [5, 6, 9]) {
        const page = await history(periods, { limit: 3, afterSeq });
        expect(seqsOf(page)).toEqual([10, 11, 12]);
        expect(page.more).toBe(true);
      }
      expect(seqsOf(await history(periods, { limit: 3, afterSeq: 22 }))).toEqual([25, 26, 27]);
      const end = await history(periods, { limit: 3, afterSeq: 30 });
      expect(end).toEqual({ messages: [], more: false });
    });

    it('pages forward through every readable seq once, never stuck on an empty page', async () => {
      for (const limit of [1, 2, 3, 5, 50]) {
        const seen: number[] = [];
        let afterSeq = 0;
        for (let pages = 0; pages < 40; pages++) {
          const page = await history(periods, { limit, afterSeq });
          expect(page.messages.length > 0 || !page.more).toBe(true);
          seen.push(...seqsOf(page));
          afterSeq = seen.at(-1) ?? afterSeq;
          if (!page.more) break;
        }
        expect(seen).toEqual(readable);
      }
    });

    it('pages backward through every readable seq once, and says when nothing older is left', async () => {
      for (const limit of [1, 2, 3, 5, 50]) {
        const seen: number[] = [];
        let page = await history(periods, { limit });
        for (let pages = 0; pages < 40; pages++) {
          seen.unshift(...seqsOf(page));
          if (!page.more) break;
          page = await history(periods, { limit, beforeSeq: seen[0] });
        }
        expect(seen).toEqual(readable);
      }
      const fromGap = await history(periods, { limit: 3, beforeSeq: 8 });
      expect(seqsOf(fromGap)).toEqual([3, 4, 5]);
      expect(fromGap.more).toBe(true);
      expect(await history(periods, { limit: 3, beforeSeq: 1 })).toEqual({ messages: [], more: false });
    });

    it('bounds a range of afterSeq and beforeSeq by the periods', async () => {
      const page = await history(periods, { limit: 50, afterSeq: 3, beforeSeq: 12 });
      expect(seqsOf(page)).toEqual([4, 5, 10, 11]);
      expect(page.more).toBe(false);
      const cut = await history(periods, { limit: 2, afterSeq: 3, beforeSeq: 12 });
      expect(seqsOf(cut)).toEqual([4, 5]);
      expect(cut.more).toBe(true);
    });

    it('keeps a removed member out of everything after their last period', async () => {
      const closed = [
        { fromSeq: 1, toSeq: 5 },
        { fromSeq: 10, toSeq: 20 },
      ];
      expect(seqsOf(await history(closed, { limit: 5 }))).toEqual([16, 17, 18, 19, 20]);
      expect(await history(closed, { limit: 5, afterSeq: 20 })).toEqual({ messages: [], more: false });
      expect(await history(closed, { limit: 5, afterSeq: 23 })).toEqual({ messages: [], more: false });
      const last = await history(closed, { limit: 5, afterSeq: 17 });
      expect(seqsOf(last)).toEqual([18, 19, 20]);
      expect(last.more).toBe(false);
    });

    it('fills an aroundSeq page across a gap, on both sides', async () => {
      const near = await history(periods, { limit: 6, aroundSeq: 11 });
      expect(seqsOf(near)).toEqual([4, 5, 10, 11, 12, 13]);
      expect(near.more).toBe(true);
      const inGap = await history(periods, { limit: 6, aroundSeq: 8 });
      expect(seqsOf(inGap)).toEqual([3, 4, 5, 10, 11, 12]);
      const atEnd = await history(periods, { limit: 8, aroundSeq: 30 });
      expect(seqsOf(atEnd)).toEqual([19, 20, 25, 26, 27, 28, 29, 30]);
      const all = await history(periods, { limit: 50, aroundSeq: 12 });
      expect(seqsOf(all)).toEqual(readable);
      expect(all.more).toBe(false);
    });
  });

  it('reads nothing without a period', async () => {
    expect(await history([], { limit: 10 })).toEqual({ messages: [], more: false });
  });
});
