import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainBreak } from './chain';
import { DAY_MS, YEAR_MS } from './durations';
import { RetentionService } from './retention';
import {
  ADMIN,
  archived,
  conversation,
  daysAgo,
  makeWorld,
  NOW,
  removeMember,
  send,
  visibleBodies,
  type World,
} from './testing/retention-fixtures';

let world: World;
let service: RetentionService;

beforeEach(async () => {
  world = await makeWorld();
  service = new RetentionService(world.store);
});
afterEach(async () => {
  await world.store.close();
});

async function search(userId: string, query: string): Promise<string[]> {
  const { hits } = await world.store.search.search(userId, { query, limit: 50 });
  return hits.map((hit) => hit.message.body);
}

async function auditActions(): Promise<string[]> {
  return (await world.store.audit.list()).map((entry) => entry.action);
}

async function holdOn(kind: 'user' | 'conversation', targetId: string) {
  return world.store.retention.addHold({
    kind,
    targetId,
    caseName: 'Case 2026-14',
    reason: 'litigation',
    createdAt: daysAgo(1),
    createdBy: ADMIN.actor,
  });
}

describe('policies', () => {
  it("applies the kind's override, else the organisation's policy, else forever", async () => {
    expect(
      (await service.effectivePolicies()).map(({ scope, messagesMs, archiveMs }) => [
        scope,
        messagesMs,
        archiveMs,
      ]),
    ).toEqual([
      ['all', null, null],
      ['all', null, null],
    ]);
    await service.setPolicy({ messagesMs: 90 * DAY_MS, archiveMs: 7 * YEAR_MS }, NOW, ADMIN);
    // A new override starts from the organisation's periods for what it does not set.
    await service.setPolicy({ kind: 'direct', messagesMs: 30 * DAY_MS }, NOW, ADMIN);
    // Changing one period keeps the other.
    await service.setPolicy({ archiveMs: 10 * YEAR_MS }, NOW, ADMIN);
    expect(await service.effectivePolicies()).toEqual([
      { kind: 'direct', scope: 'direct', messagesMs: 30 * DAY_MS, archiveMs: 7 * YEAR_MS },
      { kind: 'group', scope: 'all', messagesMs: 90 * DAY_MS, archiveMs: 10 * YEAR_MS },
    ]);
  });

  it('writes every change to the audit log, with what it was before', async () => {
    await service.setPolicy({ messagesMs: 90 * DAY_MS }, NOW, ADMIN);
    await service.setPolicy({ kind: 'group', archiveMs: null }, NOW + 1, ADMIN);
    const entries = await world.store.audit.list();
    expect(entries.map(({ action, target, actor }) => [action, target, actor])).toEqual([
      ['retention.set', 'all', ADMIN.actor],
      ['retention.set', 'group', ADMIN.actor],
    ]);
    expect(entries[0]?.details).toMatchObject({ messages: '90d', archive: 'forever', previous: null });
  });

  it('warns when messages would stay visible longer than the archive keeps them', async () => {
    const ok = await service.setPolicy({ messagesMs: 90 * DAY_MS, archiveMs: 7 * YEAR_MS }, NOW, ADMIN);
    expect(ok.warnings).toEqual([]);
    const longer = await service.setPolicy({ kind: 'group', messagesMs: 8 * YEAR_MS }, NOW, ADMIN);
    expect(longer.warnings).toEqual([
      expect.stringMatching(
        /^group conversations: messages stay visible for 8y but the archive keeps them only 7y/,
      ),
    ]);
    const forever = await service.setPolicy({ messagesMs: null }, NOW, ADMIN);
    expect(forever.warnings).toHaveLength(2);
  });
});

describe('preview and purge', () => {
  let team: string;
  let pair: string;
  let others: string;

  beforeEach(async () => {
    const { store, alice, bob, carol, dave } = world;
    team = await conversation(store, 'group', [alice.id, bob.id]);
    pair = await conversation(store, 'direct', [alice.id, bob.id]);
    others = await conversation(store, 'direct', [carol.id, dave.id]);
    await send(store, team, alice.id, 'ancient budget', daysAgo(200));
    await send(store, team, bob.id, 'ancient forecast', daysAgo(150));
    await send(store, team, alice.id, 'recent budget', daysAgo(10));
    await send(store, pair, alice.id, 'ancient lunch', daysAgo(120));
    await send(store, others, carol.id, 'ancient secret', daysAgo(300));
  });

  it('previews per kind what would go and what a hold keeps, and changes nothing', async () => {
    await service.setPolicy({ messagesMs: 90 * DAY_MS }, NOW, ADMIN);
    await holdOn('user', world.carol.id);
    const report = await service.preview(NOW);

    expect(report.applied).toBe(false);
    const [direct, group] = report.kinds;
    expect(direct).toMatchObject({
      kind: 'direct',
      conversations: 2,
      messagesCutoff: NOW - 90 * DAY_MS,
      archiveCutoff: null,
      messages: { count: 1, conversations: 1 },
      held: { conversations: 1, messages: 1, archiveEntries: 0 },
    });
    expect(group).toMatchObject({ kind: 'group', messages: { count: 2, conversations: 1 } });
    expect(report.totals).toEqual({ messages: 3, archiveEntries: 0, heldConversations: 1 });
    expect(await visibleBodies(world.store, team)).toHaveLength(3);
    expect(await auditActions()).toEqual(['retention.set']);
  });

  it('removes old messages from history and search, and keeps the archive while its retention is longer', async () => {
    await service.setPolicy({ messagesMs: 90 * DAY_MS, archiveMs: 7 * YEAR_MS }, NOW, ADMIN);
    const archivedBefore = await archived(world.store, team);
    const preview = await service.preview(NOW);

    const report = await service.purge(NOW, { apply: true, actor: ADMIN });

    expect(report.kinds).toEqual(preview.kinds);
    expect(report.applied).toBe(true);
    expect(await visibleBodies(world.store, team)).toEqual(['recent budget']);
    expect(await visibleBodies(world.store, pair)).toEqual([]);
    expect(await search(world.bob.id, 'budget')).toEqual(['recent budget']);
    expect(await search(world.bob.id, 'ancient')).toEqual([]);
    expect(await archived(world.store, team)).toEqual(archivedBefore);
    const [audit] = (await world.store.audit.list()).filter((entry) => entry.action === 'retention.purge');
    expect(audit?.details).toMatchObject({ applied: true, totals: { messages: 4, archiveEntries: 0 } });
    expect(audit?.actor).toBe(ADMIN.actor);
  });

  it('purges a prefix of the archive and appends a purge entry that what remains links to', async () => {
    await service.setPolicy({ archiveMs: 100 * DAY_MS }, NOW, ADMIN);
    const before = await archived(world.store, team);
    expect(before.map((entry) => entry.kind)).toEqual([
      'conversation.created',
      'message.sent',
      'message.sent',
      'message.sent',
    ]);

    const report = await service.purge(NOW, { apply: true, actor: ADMIN });

    expect(report.kinds[1]?.archive).toEqual({ entries: 3, chains: 1 });
    const after = await archived(world.store, team);
    expect(after.map((entry) => [entry.chainSeq, entry.kind])).toEqual([
      [4, 'message.sent'],
      [5, 'purge'],
    ]);
    const purge = await world.store.archive.latestPurge(team);
    expect(purge?.payload).toMatchObject({
      purgedThrough: 3,
      removed: 3,
      cutoff: NOW - 100 * DAY_MS,
      hashAtPurgedThrough: before[2]?.hash,
    });
    expect(after[0]?.prevHash).toBe(purge?.payload.hashAtPurgedThrough);
    const [first, purgeEntry] = after;
    if (!first || !purgeEntry) throw new Error('entries missing');
    expect(chainBreak(first, purgeEntry)).toBeNull();
    // Messages are kept forever: users still see them.
    expect(await visibleBodies(world.store, team)).toHaveLength(3);
  });

  it('a dry run removes nothing and is written to the audit log with its counts', async () => {
    await service.setPolicy({ messagesMs: 0, archiveMs: 0 }, NOW, ADMIN);
    const archivedBefore = await archived(world.store, team);

    const report = await service.purge(NOW, { apply: false, actor: ADMIN });

    expect(report.applied).toBe(false);
    expect(report.totals).toMatchObject({ messages: 5, archiveEntries: 4 + 2 + 2 });
    expect(await visibleBodies(world.store, team)).toHaveLength(3);
    expect(await archived(world.store, team)).toEqual(archivedBefore);
    const purges = (await world.store.audit.list()).filter((entry) => entry.action === 'retention.purge');
    expect(purges.map((entry) => entry.details)).toEqual([
      expect.objectContaining({
        applied: false,
        totals: { messages: 5, archiveEntries: 8, heldConversations: 0 },
      }),
    ]);
  });
});

describe('legal holds', () => {
  it('a hold on a user covers every conversation they are or were a member of: nothing there goes until it is released', async () => {
    const { store, alice, bob, carol, dave } = world;
    const team = await conversation(store, 'group', [alice.id, bob.id]);
    const formerTeam = await conversation(store, 'group', [bob.id, carol.id]);
    const pair = await conversation(store, 'direct', [bob.id, dave.id]);
    const unrelated = await conversation(store, 'direct', [carol.id, dave.id]);
    await send(store, team, alice.id, 'old news', daysAgo(200));
    await send(store, formerTeam, carol.id, 'old news', daysAgo(200));
    await send(store, pair, dave.id, 'old news', daysAgo(200));
    await send(store, unrelated, carol.id, 'old news', daysAgo(200));
    await removeMember(store, formerTeam, carol.id, bob.id, daysAgo(150));
    await service.setPolicy({ messagesMs: 0, archiveMs: 0 }, NOW, ADMIN);
    const hold = await holdOn('user', bob.id);
    const keptArchive = await archived(store, formerTeam);

    const report = await service.purge(NOW, { apply: true, actor: ADMIN });

    expect(report.totals.heldConversations).toBe(3);
    expect(report.kinds.map((kind) => kind.held.conversations)).toEqual([1, 2]);
    for (const id of [team, formerTeam, pair]) expect(await visibleBodies(store, id)).toContain('old news');
    expect(await archived(store, formerTeam)).toEqual(keptArchive);
    expect(await visibleBodies(store, unrelated)).toEqual([]);
    expect((await archived(store, unrelated)).map((entry) => entry.kind)).toEqual(['purge']);

    await store.retention.releaseHold(hold.id, NOW + 1, ADMIN.actor);
    const next = await service.purge(NOW + DAY_MS, { apply: true, actor: ADMIN });

    expect(next.totals.heldConversations).toBe(0);
    for (const id of [team, formerTeam, pair]) {
      expect(await visibleBodies(store, id)).toEqual([]);
      expect((await archived(store, id)).map((entry) => entry.kind)).toEqual(['purge']);
    }
  });

  it('a hold on a conversation keeps it whole, and only it', async () => {
    const { store, alice, bob, carol } = world;
    const held = await conversation(store, 'group', [alice.id, bob.id]);
    const free = await conversation(store, 'group', [alice.id, carol.id]);
    await send(store, held, alice.id, 'evidence', daysAgo(200));
    await send(store, free, alice.id, 'chatter', daysAgo(200));
    await service.setPolicy({ messagesMs: 0, archiveMs: 0 }, NOW, ADMIN);
    const hold = await holdOn('conversation', held);
    const keptArchive = await archived(store, held);

    const preview = await service.preview(NOW);
    expect(preview.kinds[1]?.held).toEqual({ conversations: 1, messages: 1, archiveEntries: 2 });
    await service.purge(NOW, { apply: true, actor: ADMIN });

    expect(await visibleBodies(store, held)).toEqual(['evidence']);
    expect(await archived(store, held)).toEqual(keptArchive);
    expect(await visibleBodies(store, free)).toEqual([]);

    await store.retention.releaseHold(hold.id, NOW + 1, ADMIN.actor);
    await service.purge(NOW + DAY_MS, { apply: true, actor: ADMIN });
    expect(await visibleBodies(store, held)).toEqual([]);
  });
});
