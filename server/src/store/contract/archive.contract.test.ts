import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveEntry } from '../../compliance/entries';
import { writeManifest } from '../../compliance/manifest';
import { loadOrCreateSigningKey, loadPublicKeys } from '../../compliance/signing-key';
import { verifyArchive } from '../../compliance/verify';
import { tempDirs } from '../sqlite/testing/temp-files';
import type { UserRecord } from '../types';
import { uploadFile } from './file-fixtures';
import { makeUser } from './fixtures';
import { type ContractStore, storeFactories, useContractStore } from './harness';

const describeEvent = () => 'system';

describe.each(await storeFactories())('the compliance archive ($name)', (factory) => {
  const ctx = useContractStore(factory);
  const dirs = tempDirs('beacon-archive-keys-');
  afterAll(() => dirs.cleanup());
  /** Where the signing key lives (the server's data directory). */
  let keyDir: string;
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  beforeEach(async () => {
    keyDir = dirs.make();
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
  });

  async function group(memberIds: string[], creatorId = alice.id, store: ContractStore = ctx.store) {
    const { conversation } = await store.conversations.create({
      kind: 'group',
      title: 'Budget',
      memberIds,
      createdAt: 1_000,
      creatorId,
      describe: describeEvent,
    });
    return conversation.id;
  }

  const send = async (conversationId: string, body: string, senderId = alice.id, at = 2_000) =>
    (await ctx.store.messages.append({ conversationId, senderId, clientId: randomUUID(), body, sentAt: at }))
      .message;

  async function entriesOf(chain: string, store: ContractStore = ctx.store): Promise<ArchiveEntry[]> {
    const entries: ArchiveEntry[] = [];
    for await (const entry of store.archive.entries({ chain })) entries.push(entry);
    return entries;
  }

  const verify = () => verifyArchive(ctx.store, loadPublicKeys(keyDir));
  const sign = (now = 10_000) => writeManifest(ctx.store, loadOrCreateSigningKey(keyDir), now);

  describe('writing', () => {
    it('records every change of a conversation in one gapless chain, with who did it', async () => {
      const id = await group([alice.id, bob.id]);
      const sent = await send(id, 'The budget is 10k');
      await ctx.store.messages.edit({
        messageId: sent.id,
        actorId: alice.id,
        body: 'The budget is 12k',
        mentions: [],
        at: 3_000,
      });
      await ctx.store.messages.addReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: 3_500 });
      await ctx.store.messages.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: 3_600 });
      await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 4_000 });
      await ctx.store.conversations.update({
        conversationId: id,
        actorId: alice.id,
        title: 'Budget 2027',
        addMemberIds: [carol.id],
        removeMemberIds: [bob.id],
        at: 5_000,
        describe: describeEvent,
        maxMembers: 500,
      });
      await ctx.store.conversations.leave({
        conversationId: id,
        userId: carol.id,
        at: 6_000,
        describe: describeEvent,
      });

      const entries = await entriesOf(id);
      expect(entries.map((entry) => entry.kind)).toEqual([
        'conversation.created',
        'message.sent',
        'message.edited',
        'reaction.added',
        'reaction.removed',
        'message.deleted',
        'conversation.renamed',
        'members.added',
        'members.removed',
        'member.left',
      ]);
      expect(entries.map((entry) => entry.chainSeq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const [created, message, edited] = entries;
      expect(created?.payload).toMatchObject({
        conversationKind: 'group',
        title: 'Budget',
        members: [
          { id: alice.id, email: alice.email, name: 'Alice' },
          { id: bob.id, email: bob.email, name: 'Bob' },
        ],
      });
      expect(message).toMatchObject({ messageId: sent.id, actorId: alice.id });
      expect(message?.payload).toMatchObject({
        body: 'The budget is 10k',
        recipients: [{ id: bob.id, email: bob.email, name: 'Bob' }],
        actor: { id: alice.id, email: alice.email, name: 'Alice' },
        integrationId: null,
      });
      // An edit keeps the original: both bodies are in the record.
      expect(edited?.payload).toMatchObject({ body: 'The budget is 12k', version: 2 });
      expect(entries[3]?.payload).toMatchObject({ emoji: '👍', actor: { id: bob.id } });
      expect(entries[8]?.payload).toMatchObject({ members: [{ id: bob.id }] });
      expect(entries[9]).toMatchObject({ actorId: carol.id, messageId: expect.any(String) });
      expect(await verify()).toMatchObject({ ok: true, chains: 1, entries: 10 });
    });

    it('writes nothing for a change that changed nothing, and keeps direct conversations too', async () => {
      const { conversation } = await ctx.store.conversations.create({
        kind: 'direct',
        title: null,
        memberIds: [alice.id, bob.id],
        createdAt: 1_000,
        creatorId: alice.id,
      });
      const sent = await send(conversation.id, 'hi');
      await ctx.store.messages.edit({
        messageId: sent.id,
        actorId: alice.id,
        body: 'hi',
        mentions: [],
        at: 3_000,
      });
      await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 4_000 });
      await ctx.store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 4_100 });
      await ctx.store.messages.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: 4_200 });
      expect((await entriesOf(conversation.id)).map((entry) => entry.kind)).toEqual([
        'conversation.created',
        'message.sent',
        'message.deleted',
      ]);
    });

    it('records a shared file with its SHA-256 and scan state, who sent it through which integration, and the verdict when it comes', async () => {
      const id = await group([alice.id, bob.id]);
      const uploaded = await uploadFile(ctx.store, alice.id, {
        name: 'q3.xlsx',
        size: 1234,
        sha256: 'ab'.repeat(32),
      });
      const { message } = await ctx.store.messages.append({
        conversationId: id,
        senderId: alice.id,
        clientId: randomUUID(),
        body: 'q3.xlsx',
        sentAt: 2_000,
        attachmentIds: [uploaded.id],
        integrationId: 'int-1',
      });
      await ctx.store.files.recordScan('ab'.repeat(32), { scan: 'infected', signature: 'Eicar-Test' }, 2_500);
      const [, sent, scanned] = await entriesOf(id);
      expect(sent?.payload).toMatchObject({
        integrationId: 'int-1',
        attachments: [
          { fileId: uploaded.id, name: 'q3.xlsx', size: 1234, sha256: 'ab'.repeat(32), scan: 'pending' },
        ],
      });
      expect(scanned).toMatchObject({
        kind: 'file.scanned',
        messageId: message.id,
        actorId: null,
        at: 2_500,
      });
      expect(scanned?.payload).toEqual({
        fileId: uploaded.id,
        name: 'q3.xlsx',
        sha256: 'ab'.repeat(32),
        scan: 'infected',
        signature: 'Eicar-Test',
      });
      expect((await verify()).ok).toBe(true);
    });

    it('keeps the entry in the same transaction as the message: a refused send writes neither', async () => {
      const id = await group([alice.id, bob.id]);
      await expect(
        ctx.store.messages.append({
          conversationId: id,
          senderId: carol.id,
          clientId: 'x',
          body: 'no',
          sentAt: 1,
        }),
      ).rejects.toThrow();
      await expect(send(id, 'a reply to nothing', alice.id)).resolves.toBeDefined();
      await expect(
        ctx.store.messages.append({
          conversationId: id,
          senderId: alice.id,
          clientId: 'y',
          body: 're',
          sentAt: 1,
          replyToId: 'nope',
        }),
      ).rejects.toMatchObject({ rule: 'reply_elsewhere' });
      expect((await entriesOf(id)).map((entry) => entry.kind)).toEqual([
        'conversation.created',
        'message.sent',
      ]);
    });

    it('keeps each chain gapless when two nodes write to it at once', async () => {
      const id = await group([alice.id, bob.id]);
      const nodes = [ctx.store, await ctx.openAnother()];
      const sent = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          nodes[i % 2]?.messages.append({
            conversationId: id,
            senderId: i % 3 ? alice.id : bob.id,
            clientId: `n${i}`,
            body: `from node ${i % 2}`,
            sentAt: 2_000 + i,
          }),
        ),
      );
      await Promise.all(
        sent.slice(0, 10).map((result, i) =>
          nodes[i % 2]?.messages.addReaction({
            messageId: result?.message.id ?? '',
            userId: bob.id,
            emoji: '👀',
            at: 3_000,
          }),
        ),
      );
      const entries = await entriesOf(id, nodes[1]);
      expect(entries.map((entry) => entry.chainSeq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
      expect(await verify()).toMatchObject({ ok: true, entries: 51 });
    });
  });

  describe('reading', () => {
    it('streams chains in id order, filtered by conversation and by time, past a page', async () => {
      const [first, second] = [await group([alice.id]), await group([alice.id])].sort();
      if (!first || !second) throw new Error('two groups expected');
      for (let i = 0; i < 8; i += 1) {
        await Promise.all(
          Array.from({ length: 70 }, (_, j) =>
            ctx.store.messages.append({
              conversationId: first,
              senderId: alice.id,
              clientId: `bulk-${i}-${j}`,
              body: 'bulk',
              sentAt: 2_000 + i,
            }),
          ),
        );
      }
      await send(second, 'late', alice.id, 9_000);
      const all: Array<[string, number]> = [];
      for await (const entry of ctx.store.archive.entries()) all.push([entry.chain, entry.chainSeq]);
      expect(all).toEqual([
        ...Array.from({ length: 561 }, (_, i): [string, number] => [first, i + 1]),
        [second, 1],
        [second, 2],
      ]);
      const late: string[] = [];
      for await (const entry of ctx.store.archive.entries({ from: 5_000 })) late.push(entry.kind);
      expect(late).toEqual(['message.sent']);
      const onlySecond: number[] = [];
      for await (const entry of ctx.store.archive.entries({
        conversationIds: [second, 'nope'],
        until: 5_000,
      })) {
        onlySecond.push(entry.chainSeq);
      }
      expect(onlySecond).toEqual([1]);
      const none: ArchiveEntry[] = [];
      for await (const entry of ctx.store.archive.entries({ chain: first, conversationIds: [second] })) {
        none.push(entry);
      }
      expect(none).toEqual([]);
    });

    it('answers heads, single entries and the entries an export looks up', async () => {
      const id = await group([alice.id, bob.id]);
      const sent = await send(id, 'one', alice.id, 2_000);
      await ctx.store.conversations.update({
        conversationId: id,
        actorId: alice.id,
        title: 'Renamed',
        at: 3_000,
        describe: describeEvent,
        maxMembers: 10,
      });
      await send(id, 'two', bob.id, 4_000);
      const entries = await entriesOf(id);
      expect(await ctx.store.archive.heads()).toEqual([
        { chain: id, chainSeq: 4, hash: entries[3]?.hash, at: 4_000 },
      ]);
      expect(await ctx.store.archive.heads(4_000)).toEqual([
        { chain: id, chainSeq: 3, hash: entries[2]?.hash, at: 3_000 },
      ]);
      expect(await ctx.store.archive.heads(1_000)).toEqual([]);
      expect(await ctx.store.archive.entryAt(id, 2)).toEqual(entries[1]);
      expect(await ctx.store.archive.entryAt(id, 9)).toBeNull();
      expect(await ctx.store.archive.first(id)).toEqual(entries[0]);
      expect(await ctx.store.archive.first('nope')).toBeNull();
      expect(await ctx.store.archive.latestPurge(id)).toBeNull();
      expect(await ctx.store.archive.sentEntryOf(sent.id)).toEqual(entries[1]);
      expect(await ctx.store.archive.sentEntryOf('nope')).toBeNull();
      expect(
        await ctx.store.archive.latestOfKinds(id, ['conversation.created', 'conversation.renamed'], 4),
      ).toEqual(entries[2]);
      expect(
        await ctx.store.archive.latestOfKinds(id, ['conversation.created', 'conversation.renamed'], 3),
      ).toEqual(entries[0]);
      expect(await ctx.store.archive.latestOfKinds(id, ['member.left'], 9)).toBeNull();
      const other = await group([bob.id], bob.id);
      expect(await ctx.store.archive.conversationIdsOfMember(bob.id)).toEqual([id, other].sort());
      expect(await ctx.store.archive.conversationIdsOfMember(carol.id)).toEqual([]);
    });

    it('keeps manifests, oldest first', async () => {
      const id = await group([alice.id]);
      const early = await sign(10_000);
      await send(id, 'more');
      const late = await sign(20_000);
      expect(await ctx.store.archive.manifests()).toEqual([early, late]);
      expect(late.id).toBeGreaterThan(early.id);
      expect(await verify()).toMatchObject({ ok: true, manifests: 2 });
    });
  });

  describe('purging a prefix', () => {
    it('removes the start of a chain and links what remains to a purge entry', async () => {
      const id = await group([alice.id, bob.id]);
      for (const body of ['one', 'two', 'three', 'four']) await send(id, body);
      await sign();
      const purge = await ctx.store.archive.purgePrefix(id, 3, 9_000, 11_000);
      expect(purge).toMatchObject({ chainSeq: 6, kind: 'purge', actorId: null, messageId: null });
      expect(purge.payload).toMatchObject({ purgedThrough: 3, removed: 3, cutoff: 9_000 });
      expect((await entriesOf(id)).map((entry) => entry.chainSeq)).toEqual([4, 5, 6]);
      expect(await ctx.store.archive.latestPurge(id)).toEqual(purge);
      expect(await ctx.store.archive.first(id)).toMatchObject({ chainSeq: 4 });
      expect(await verify()).toMatchObject({ ok: true });
      await expect(ctx.store.archive.purgePrefix(id, 2, 9_000, 12_000)).rejects.toBeInstanceOf(RangeError);
    });

    it('lists messages without a sent entry, except those a purge of their chain explains', async () => {
      const id = await group([alice.id, bob.id]);
      const kept = await send(id, 'kept', alice.id, 2_000);
      const lost = await send(id, 'lost', alice.id, 3_000);
      expect(await ctx.store.archive.unarchivedMessages(10)).toEqual([]);
      await ctx.sql("DELETE FROM archive_entries WHERE chain = ? AND kind = 'message.sent'", id);
      expect(await ctx.store.archive.unarchivedMessages(10)).toEqual([
        { messageId: kept.id, conversationId: id, seq: kept.seq },
        { messageId: lost.id, conversationId: id, seq: lost.seq },
      ]);
      expect(await ctx.store.archive.unarchivedMessages(1)).toHaveLength(1);
      await ctx.store.archive.purgePrefix(id, 1, 2_500, 5_000);
      expect(await ctx.store.archive.unarchivedMessages(10)).toEqual([
        { messageId: lost.id, conversationId: id, seq: lost.seq },
      ]);
    });
  });
});
