import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../types';
import { uploadFile } from './file-fixtures';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

const describeEvent = () => 'system';

describe.each(await storeFactories())('files ($name)', (factory) => {
  const ctx = useContractStore(factory);
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  beforeEach(async () => {
    alice = await makeUser(ctx.store, 'Alice');
    bob = await makeUser(ctx.store, 'Bob');
    carol = await makeUser(ctx.store, 'Carol');
  });

  async function group(memberIds: string[]): Promise<string> {
    const { conversation } = await ctx.store.conversations.create({
      kind: 'group',
      title: 'Files',
      memberIds,
      createdAt: 1_000,
      creatorId: alice.id,
      describe: describeEvent,
    });
    return conversation.id;
  }

  async function share(conversationId: string, fileId: string, at = 2_000) {
    const { message } = await ctx.store.messages.append({
      conversationId,
      senderId: alice.id,
      clientId: randomUUID(),
      body: 'attached',
      sentAt: at,
      attachmentIds: [fileId],
    });
    return message;
  }

  it('stores a file pending its scan and reads it back', async () => {
    const created = await ctx.store.files.create({
      uploaderId: alice.id,
      name: 'plan.png',
      size: 4096,
      mime: 'image/png',
      sha256: 'c'.repeat(64),
      thumbnail: true,
      createdAt: 1_500,
    });
    const expected = {
      id: created.id,
      uploaderId: alice.id,
      name: 'plan.png',
      size: 4096,
      mime: 'image/png',
      sha256: 'c'.repeat(64),
      scan: 'pending',
      scannedAt: null,
      scanDetail: null,
      thumbnail: true,
      createdAt: 1_500,
    };
    expect(created).toEqual(expected);
    expect(await ctx.store.files.byId(created.id)).toEqual(expected);
    expect(await ctx.store.files.byId('nope')).toBeNull();
  });

  it('lists pending files oldest first, up to the limit', async () => {
    const late = await uploadFile(ctx.store, alice.id, { name: 'late', createdAt: 30 });
    const early = await uploadFile(ctx.store, alice.id, {
      name: 'early',
      createdAt: 10,
      sha256: 'b'.repeat(64),
    });
    const middle = await uploadFile(ctx.store, bob.id, { name: 'middle', createdAt: 20 });
    await ctx.store.files.recordScan('b'.repeat(64), { scan: 'clean' }, 40);
    expect((await ctx.store.files.listPending(10)).map((file) => file.id)).toEqual([middle.id, late.id]);
    expect((await ctx.store.files.listPending(1)).map((file) => file.id)).toEqual([middle.id]);
    expect((await ctx.store.files.byId(early.id))?.scan).toBe('clean');
  });

  it('records a verdict for every file of that content it changes, and returns them', async () => {
    const first = await uploadFile(ctx.store, alice.id, { sha256: 'd'.repeat(64), createdAt: 1 });
    const second = await uploadFile(ctx.store, bob.id, { sha256: 'd'.repeat(64), createdAt: 2 });
    const other = await uploadFile(ctx.store, bob.id, { sha256: 'e'.repeat(64) });

    const clean = await ctx.store.files.recordScan('d'.repeat(64), { scan: 'clean' }, 50);
    expect(clean.map((file) => [file.id, file.scan, file.scannedAt, file.scanDetail])).toEqual([
      [first.id, 'clean', 50, null],
      [second.id, 'clean', 50, null],
    ]);
    // `clean` changes only pending files: a second clean verdict changes nothing.
    expect(await ctx.store.files.recordScan('d'.repeat(64), { scan: 'clean' }, 60)).toEqual([]);

    // `infected` overrides clean ones too, once.
    const infected = await ctx.store.files.recordScan(
      'd'.repeat(64),
      { scan: 'infected', signature: 'Eicar-Test' },
      70,
    );
    expect(infected.map((file) => [file.id, file.scan, file.scanDetail])).toEqual([
      [first.id, 'infected', 'Eicar-Test'],
      [second.id, 'infected', 'Eicar-Test'],
    ]);
    expect(
      await ctx.store.files.recordScan('d'.repeat(64), { scan: 'infected', signature: 'Other' }, 80),
    ).toEqual([]);
    expect(await ctx.store.files.byId(first.id)).toMatchObject({ scan: 'infected', scannedAt: 70 });
    expect(await ctx.store.files.byId(other.id)).toMatchObject({ scan: 'pending', scannedAt: null });
  });

  it('shows a file to its uploader and to members while the message lies in their member period', async () => {
    const id = await group([alice.id, bob.id]);
    const file = await uploadFile(ctx.store, alice.id);
    expect(await ctx.store.files.isVisibleTo(file.id, alice.id)).toBe(true);
    expect(await ctx.store.files.isVisibleTo(file.id, bob.id)).toBe(false);
    await share(id, file.id);
    expect(await ctx.store.files.isVisibleTo(file.id, bob.id)).toBe(true);
    expect(await ctx.store.files.isVisibleTo(file.id, carol.id)).toBe(false);

    // Carol joins after it was shared: she does not see it until it is shared again.
    await ctx.store.conversations.update({
      conversationId: id,
      actorId: alice.id,
      addMemberIds: [carol.id],
      maxMembers: 10,
      at: 3_000,
      describe: describeEvent,
    });
    expect(await ctx.store.files.isVisibleTo(file.id, carol.id)).toBe(false);
    await share(id, file.id, 4_000);
    expect(await ctx.store.files.isVisibleTo(file.id, carol.id)).toBe(true);
    expect(await ctx.store.files.isVisibleTo('nope', alice.id)).toBe(false);
  });

  it('lists the messages that attach a file, with the current members who may read each', async () => {
    const id = await group([alice.id, bob.id]);
    const file = await uploadFile(ctx.store, alice.id);
    expect(await ctx.store.files.messagesWith(file.id)).toEqual([]);
    const first = await share(id, file.id, 2_000);
    await ctx.store.conversations.update({
      conversationId: id,
      actorId: alice.id,
      addMemberIds: [carol.id],
      maxMembers: 10,
      at: 3_000,
      describe: describeEvent,
    });
    const second = await share(id, file.id, 4_000);
    await ctx.store.conversations.leave({
      conversationId: id,
      userId: bob.id,
      at: 5_000,
      describe: describeEvent,
    });
    const refs = await ctx.store.files.messagesWith(file.id);
    expect(refs.map((ref) => ({ ...ref, viewerIds: [...ref.viewerIds].sort() }))).toEqual([
      { messageId: first.id, conversationId: id, seq: first.seq, viewerIds: [alice.id] },
      {
        messageId: second.id,
        conversationId: id,
        seq: second.seq,
        viewerIds: [alice.id, carol.id].sort(),
      },
    ]);
  });

  it('archives a verdict in every conversation the content was shared in, and nowhere else', async () => {
    const one = await group([alice.id, bob.id]);
    const two = await group([alice.id, carol.id]);
    const unshared = await group([alice.id]);
    const file = await uploadFile(ctx.store, alice.id, { sha256: 'f'.repeat(64) });
    await share(one, file.id);
    await share(two, file.id);
    await ctx.store.files.recordScan('f'.repeat(64), { scan: 'clean' }, 2_500);
    const kinds = async (chain: string) => {
      const found: string[] = [];
      for await (const entry of ctx.store.archive.entries({ chain })) found.push(entry.kind);
      return found;
    };
    expect((await kinds(one)).at(-1)).toBe('file.scanned');
    expect((await kinds(two)).at(-1)).toBe('file.scanned');
    expect(await kinds(unshared)).not.toContain('file.scanned');
  });
});
