import { describe, expect, it } from 'vitest';
import { auditContent } from '../../compliance/audit-chain';
import { chainBreak, GENESIS_HASH } from '../../compliance/chain';
import type { AuditEntry, NewAuditEntry } from '../ports/audit';
import { type ContractStore, storeFactories, useContractStore } from './harness';

const entry = (
  at: number,
  action = 'user.disable',
  details: Record<string, unknown> = {},
): NewAuditEntry => ({
  at,
  actor: 'ada@acme.test',
  source: 'http',
  address: '203.0.113.7',
  action,
  target: 'bo@acme.test',
  details,
});

async function collect(store: ContractStore): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const stored of store.audit.entries()) all.push(stored);
  return all;
}

/** Why the stored log does not verify (as `admin compliance verify` checks it), or null. */
function firstBreak(entries: readonly AuditEntry[]): string | null {
  let previous: { chainSeq: number; hash: string } | null = null;
  for (const stored of entries) {
    const content = auditContent(stored, stored.seq);
    const broken = chainBreak(previous, { ...content, prevHash: stored.prevHash, hash: stored.hash });
    if (broken) return `entry ${stored.seq}: ${broken}`;
    previous = { chainSeq: stored.seq, hash: stored.hash };
  }
  return null;
}

describe.each(await storeFactories())('audit log ($name)', (factory) => {
  const ctx = useContractStore(factory);

  it('has no head and no entries while empty', async () => {
    expect(await ctx.store.audit.head()).toBeNull();
    expect(await ctx.store.audit.entryAt(1)).toBeNull();
    expect(await ctx.store.audit.list()).toEqual([]);
    expect(await collect(ctx.store)).toEqual([]);
  });

  it('appends gapless from 1, each entry chained to the one before', async () => {
    const first = await ctx.store.audit.append(entry(5_000));
    const second = await ctx.store.audit.append(entry(6_000, 'user.enable', { note: 'back' }));
    const third = await ctx.store.audit.append({
      ...entry(7_000, 'integration.revoke'),
      address: null,
      source: 'cli',
    });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, ...entry(5_000) });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, details: { note: 'back' } });
    expect(third).toMatchObject({ seq: 3, prevHash: second.hash, address: null, source: 'cli' });
    expect(await ctx.store.audit.head()).toEqual({ seq: 3, hash: third.hash });
    expect(await ctx.store.audit.entryAt(2)).toEqual(second);
    expect(await ctx.store.audit.entryAt(4)).toBeNull();
    const stored = await collect(ctx.store);
    expect(stored).toEqual([first, second, third]);
    expect(firstBreak(stored)).toBeNull();
  });

  it('reads details back exactly as they were hashed', async () => {
    const details = {
      nested: { list: [1, 2.5, -0, 1e21, null, true], empty: {} },
      text: 'Grüße 👋 "quoted" \\ back\u0000slash\nline',
      dropped: undefined,
    };
    const appended = await ctx.store.audit.append(entry(5_000, 'retention.set', details));
    expect(appended.details).toEqual({
      nested: { list: [1, 2.5, 0, 1e21, null, true], empty: {} },
      text: details.text,
    });
    const reopened = await ctx.reopen();
    const stored = await collect(reopened);
    expect(stored).toEqual([appended]);
    expect(firstBreak(stored)).toBeNull();
  });

  it('lists a time range oldest first, the newest `limit` of it when it holds more', async () => {
    for (const at of [1_000, 2_000, 3_000, 4_000, 5_000]) await ctx.store.audit.append(entry(at));
    const ats = async (query: Parameters<ContractStore['audit']['list']>[0]) =>
      (await ctx.store.audit.list(query)).map((stored) => stored.at);
    expect(await ats({})).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
    expect(await ats({ since: 2_000, until: 4_000 })).toEqual([2_000, 3_000]);
    expect(await ats({ since: 2_001 })).toEqual([3_000, 4_000, 5_000]);
    expect(await ats({ limit: 2 })).toEqual([4_000, 5_000]);
    expect(await ats({ since: 1_000, until: 4_000, limit: 2 })).toEqual([2_000, 3_000]);
    expect(await ats({ limit: 0 })).toEqual([5_000]);
    expect(await ats({ since: 6_000 })).toEqual([]);
  });

  it('returns the newest 100 by default, and takes a limit beyond the cap of 1000', async () => {
    for (let i = 0; i < 101; i += 1) await ctx.store.audit.append(entry(i));
    expect(await ctx.store.audit.list()).toHaveLength(100);
    expect((await ctx.store.audit.list()).at(0)?.seq).toBe(2);
    expect(await ctx.store.audit.list({ limit: 5_000 })).toHaveLength(101);
  });

  it('never gives two appends the same seq, even from two nodes at once', async () => {
    const nodes = [ctx.store, await ctx.openAnother()];
    const appended = await Promise.all(
      Array.from({ length: 16 }, (_, i) => nodes[i % 2]?.audit.append(entry(1_000 + i, `test.${i}`))),
    );
    expect(appended.map((stored) => stored?.seq).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
    const stored = await collect(ctx.store);
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(firstBreak(stored)).toBeNull();
  });
});
