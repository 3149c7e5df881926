import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import { makeUser } from '../store/sqlite/testing/fixtures';
import { tempDirs } from '../store/sqlite/testing/temp-files';
import type { Store, UserRecord } from '../store/types';
import { runComplianceAdmin } from './cli/dispatch';
import type { ArchiveEntry } from './entries';
import { writeManifest } from './manifest';
import { loadOrCreateSigningKey, loadPublicKeys } from './signing-key';
import { verifyArchive } from './verify';

const dirs = tempDirs();
let dataDir: string;
let file: string;
let store: Store;
let alice: UserRecord;
let bob: UserRecord;
let carol: UserRecord;

beforeEach(async () => {
  dataDir = dirs.make();
  file = join(dataDir, 'beacon.db');
  store = openSqliteStore(file);
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
  carol = await makeUser(store, 'Carol');
});
afterEach(async () => {
  await store.close();
  dirs.cleanup();
});

const describeEvent = () => 'system';

async function group(memberIds: string[], creatorId = alice.id): Promise<string> {
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
  (await store.messages.append({ conversationId, senderId, clientId: randomUUID(), body, sentAt: at }))
    .message;

async function entriesOf(chain: string): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for await (const entry of store.archive.entries({ chain })) entries.push(entry);
  return entries;
}

/** Opens the database file behind the store's back, as someone tampering with it would. */
function tamper(sql: string, ...params: unknown[]): number {
  const db = new Database(file);
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

const verify = () => verifyArchive(store, loadPublicKeys(dataDir));

describe('the archive', () => {
  it('records every change of a conversation in one gapless chain, with who did it', async () => {
    const id = await group([alice.id, bob.id]);
    const sent = await send(id, 'The budget is 10k');
    await store.messages.edit({
      messageId: sent.id,
      actorId: alice.id,
      body: 'The budget is 12k',
      mentions: [],
      at: 3_000,
    });
    await store.messages.addReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: 3_500 });
    await store.messages.removeReaction({ messageId: sent.id, userId: bob.id, emoji: '👍', at: 3_600 });
    await store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 4_000 });
    await store.conversations.update({
      conversationId: id,
      actorId: alice.id,
      title: 'Budget 2027',
      addMemberIds: [carol.id],
      removeMemberIds: [bob.id],
      at: 5_000,
      describe: describeEvent,
      maxMembers: 500,
    });
    await store.conversations.leave({
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
    expect(entries[8]?.payload).toMatchObject({ members: [{ id: bob.id }] });
    expect((await verify()).ok).toBe(true);
  });

  it('writes nothing for a change that changed nothing, and keeps direct conversations too', async () => {
    const { conversation } = await store.conversations.create({
      kind: 'direct',
      title: null,
      memberIds: [alice.id, bob.id],
      createdAt: 1_000,
      creatorId: alice.id,
    });
    const sent = await send(conversation.id, 'hi');
    await store.messages.edit({ messageId: sent.id, actorId: alice.id, body: 'hi', mentions: [], at: 3_000 });
    await store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 4_000 });
    await store.messages.delete({ messageId: sent.id, actorId: alice.id, at: 4_100 });
    expect((await entriesOf(conversation.id)).map((entry) => entry.kind)).toEqual([
      'conversation.created',
      'message.sent',
      'message.deleted',
    ]);
  });

  it('records a shared file with its SHA-256 and scan state, and the verdict when it comes', async () => {
    const id = await group([alice.id, bob.id]);
    const uploaded = await store.files.create({
      uploaderId: alice.id,
      name: 'q3.xlsx',
      size: 1234,
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      sha256: 'ab'.repeat(32),
      thumbnail: false,
      createdAt: 1_500,
    });
    const { message } = await store.messages.append({
      conversationId: id,
      senderId: alice.id,
      clientId: randomUUID(),
      body: 'q3.xlsx',
      sentAt: 2_000,
      attachmentIds: [uploaded.id],
      integrationId: 'int-1',
    });
    await store.files.recordScan('ab'.repeat(32), { scan: 'infected', signature: 'Eicar-Test' }, 2_500);
    const [, sent, scanned] = await entriesOf(id);
    expect(sent?.payload).toMatchObject({
      integrationId: 'int-1',
      attachments: [
        { fileId: uploaded.id, name: 'q3.xlsx', size: 1234, sha256: 'ab'.repeat(32), scan: 'pending' },
      ],
    });
    expect(scanned).toMatchObject({ kind: 'file.scanned', messageId: message.id, actorId: null });
    expect(scanned?.payload).toEqual({
      fileId: uploaded.id,
      name: 'q3.xlsx',
      sha256: 'ab'.repeat(32),
      scan: 'infected',
      signature: 'Eicar-Test',
    });
  });

  it('keeps the entry in the same transaction as the message: a refused send writes neither', async () => {
    const id = await group([alice.id, bob.id]);
    await expect(
      store.messages.append({
        conversationId: id,
        senderId: carol.id,
        clientId: 'x',
        body: 'not a member',
        sentAt: 1,
      }),
    ).rejects.toThrow();
    expect((await entriesOf(id)).map((entry) => entry.kind)).toEqual(['conversation.created']);
  });
});

describe('verification', () => {
  it('finds a row altered in the database file', async () => {
    const id = await group([alice.id, bob.id]);
    const sent = await send(id, 'Wire the money on Friday');
    await send(id, 'Thanks');
    expect(
      tamper(
        "UPDATE archive_entries SET payload = replace(payload, 'Friday', 'Monday') WHERE message_id = ?",
        sent.id,
      ),
    ).toBe(1);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toEqual({
      where: `chain ${id}`,
      position: 2,
      reason: 'its content does not match its hash',
    });
    // One break is reported once, not again at every later entry.
    expect(report.problems).toHaveLength(1);
  });

  it('finds a row deleted from the middle of a chain', async () => {
    const id = await group([alice.id, bob.id]);
    await send(id, 'one');
    await send(id, 'two');
    await send(id, 'three');
    expect(tamper('DELETE FROM archive_entries WHERE chain = ? AND chain_seq = 3', id)).toBe(1);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((problem) => problem.reason)).toContain('entries 3–3 are missing');
  });

  it('finds the newest entry deleted: by its message, and by the signed manifest', async () => {
    const id = await group([alice.id, bob.id]);
    await send(id, 'one');
    const last = await send(id, 'two');
    const key = loadOrCreateSigningKey(dataDir);
    const manifest = await writeManifest(store, key, 10_000);
    tamper('DELETE FROM archive_entries WHERE chain = ? AND chain_seq = 3', id);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        {
          where: `manifest #${manifest.id}`,
          position: 3,
          reason: `chain ${id}: entry 3 is missing (it was signed, and no purge removed it)`,
        },
        { where: `chain ${id}`, position: null, reason: `message ${last.id} (seq 3) has no archive entry` },
      ]),
    );
  });

  it('finds a whole chain deleted after it was signed', async () => {
    const id = await group([alice.id, bob.id]);
    await send(id, 'one');
    const manifest = await writeManifest(store, loadOrCreateSigningKey(dataDir), 10_000);
    expect(tamper('DELETE FROM archive_entries WHERE chain = ?', id)).toBe(2);
    const report = await verify();
    expect(report.chains).toBe(0);
    expect(report.problems).toContainEqual({
      where: `manifest #${manifest.id}`,
      position: 2,
      reason: `chain ${id}: entry 2 is missing (it was signed, and no purge removed it)`,
    });
  });

  it('finds a forged manifest', async () => {
    const id = await group([alice.id, bob.id]);
    await send(id, 'one');
    const key = loadOrCreateSigningKey(dataDir);
    const manifest = await writeManifest(store, key, 10_000);
    tamper(
      'UPDATE archive_manifests SET heads = replace(heads, ?, ?) WHERE id = ?',
      id,
      randomUUID(),
      manifest.id,
    );
    const report = await verify();
    expect(report.problems).toContainEqual({
      where: `manifest #${manifest.id}`,
      position: null,
      reason: 'its signature does not match what it lists',
    });
  });

  it('finds an altered audit log entry', async () => {
    await store.audit.append({
      actor: 'cli:root@host',
      source: 'cli',
      address: null,
      at: 1,
      action: 'user.disable',
      target: 'bob@example.test',
      details: {},
    });
    await store.audit.append({
      actor: 'cli:root@host',
      source: 'cli',
      address: null,
      at: 2,
      action: 'user.enable',
      target: 'bob@example.test',
      details: {},
    });
    tamper("UPDATE audit_log SET target = 'carol@example.test' WHERE seq = 1");
    const report = await verify();
    expect(report.problems).toContainEqual({
      where: 'audit log',
      position: 1,
      reason: 'its content does not match its hash',
    });
  });

  it('still verifies after a purge removed the start of a chain, and checks the rest against the purge', async () => {
    const id = await group([alice.id, bob.id]);
    for (const body of ['one', 'two', 'three', 'four']) await send(id, body);
    const key = loadOrCreateSigningKey(dataDir);
    await writeManifest(store, key, 10_000);
    const purge = await store.archive.purgePrefix(id, 3, 9_000, 11_000);
    expect(purge.payload).toMatchObject({ purgedThrough: 3, removed: 3 });
    expect((await entriesOf(id)).map((entry) => entry.chainSeq)).toEqual([4, 5, 6]);
    expect(await verify()).toMatchObject({ ok: true });

    tamper('UPDATE archive_entries SET prev_hash = ? WHERE chain = ? AND chain_seq = 4', '1'.repeat(64), id);
    expect((await verify()).problems[0]).toMatchObject({ position: 4 });
  });

  it('verifies a date range: only its entries, each still linked to the one before', async () => {
    const id = await group([alice.id, bob.id]);
    await send(id, 'old', alice.id, 2_000);
    await send(id, 'new', alice.id, 50_000);
    const report = await verifyArchive(store, loadPublicKeys(dataDir), { from: 40_000 });
    expect(report).toMatchObject({ ok: true, entries: 1, chains: 1 });
    tamper('DELETE FROM archive_entries WHERE chain = ? AND chain_seq = 2', id);
    expect((await verifyArchive(store, loadPublicKeys(dataDir), { from: 40_000 })).ok).toBe(false);
  });
});

describe('npm run admin -- compliance verify', () => {
  async function run(args: string[]) {
    let out = '';
    let err = '';
    const code = await runComplianceAdmin(['--data-dir', dataDir, ...args], {
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    });
    return { code, out, err };
  }

  it('exits 0 when intact and 1 with the first break when not, and is itself audited', async () => {
    const id = await group([alice.id, bob.id]);
    await send(id, 'one');
    await send(id, 'two');
    const intact = await run(['compliance', 'verify']);
    expect(intact).toMatchObject({ code: 0, err: '' });
    expect(intact.out).toContain('OK: nothing is missing or altered.');

    tamper(
      "UPDATE archive_entries SET payload = replace(payload, 'one', 'uno') WHERE chain = ? AND chain_seq = 2",
      id,
    );
    const broken = await run(['compliance', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(
      `BROKEN: 1 problem. The first: chain ${id}, entry 2: its content does not match its hash.`,
    );

    const audited = await store.audit.list();
    expect(audited.map((entry) => [entry.action, entry.details.ok])).toEqual([
      ['compliance.verify', true],
      ['compliance.verify', false],
    ]);
    expect(audited[0]?.actor).toMatch(/^cli:/);
  });

  it('refuses a bad date with a usage error', async () => {
    expect(await run(['compliance', 'verify', '--from', '2026-02-30'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--from "2026-02-30" is not an ISO date'),
    });
  });

  it('signs a manifest on request and shows the key', async () => {
    const signed = await run(['compliance', 'manifest']);
    expect(signed.code).toBe(0);
    expect(signed.out).toMatch(/^Signed manifest #1 at .* with key [0-9a-f]{64}\.\n$/);
    const key = await run(['compliance', 'key']);
    expect(key.out).toContain('-----BEGIN PUBLIC KEY-----');
    expect(key.out).toContain(loadOrCreateSigningKey(dataDir).keyId);
  });
});
