import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { writeManifest } from '../../compliance/manifest';
import { loadOrCreateSigningKey, loadPublicKeys } from '../../compliance/signing-key';
import { verifyArchive } from '../../compliance/verify';
import { tempDirs } from '../sqlite/testing/temp-files';
import type { UserRecord } from '../types';
import { makeUser } from './fixtures';
import { storeFactories, useContractStore } from './harness';

/** `compliance verify` finds what someone with access to the database changed (docs/compliance.md). */
describe.each(await storeFactories())(
  'archive verification, on rows changed behind the store ($name)',
  (factory) => {
    const ctx = useContractStore(factory);
    const dirs = tempDirs('beacon-archive-keys-');
    afterAll(() => dirs.cleanup());
    /** Where the signing key lives (the server's data directory). */
    let keyDir: string;
    let alice: UserRecord;
    let bob: UserRecord;
    beforeEach(async () => {
      keyDir = dirs.make();
      alice = await makeUser(ctx.store, 'Alice');
      bob = await makeUser(ctx.store, 'Bob');
    });

    async function group(memberIds: string[]) {
      const { conversation } = await ctx.store.conversations.create({
        kind: 'group',
        title: 'Budget',
        memberIds,
        createdAt: 1_000,
        creatorId: alice.id,
        describe: () => 'system',
      });
      return conversation.id;
    }

    const send = async (conversationId: string, body: string, at = 2_000) =>
      (
        await ctx.store.messages.append({
          conversationId,
          senderId: alice.id,
          clientId: randomUUID(),
          body,
          sentAt: at,
        })
      ).message;

    const verify = () => verifyArchive(ctx.store, loadPublicKeys(keyDir));
    const sign = (now = 10_000) => writeManifest(ctx.store, loadOrCreateSigningKey(keyDir), now);

    it('finds a row altered', async () => {
      const id = await group([alice.id, bob.id]);
      const sent = await send(id, 'Wire the money on Friday');
      await send(id, 'Thanks');
      const { changes } = await ctx.sql(
        "UPDATE archive_entries SET payload = replace(payload, 'Friday', 'Monday') WHERE message_id = ?",
        sent.id,
      );
      expect(changes).toBe(1);
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
      expect(
        (await ctx.sql('DELETE FROM archive_entries WHERE chain = ? AND chain_seq = 3', id)).changes,
      ).toBe(1);
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.problems.map((problem) => problem.reason)).toContain('entries 3–3 are missing');
    });

    it('finds the newest entry deleted: by its message, and by the signed manifest', async () => {
      const id = await group([alice.id, bob.id]);
      await send(id, 'one');
      const last = await send(id, 'two');
      const manifest = await sign();
      await ctx.sql('DELETE FROM archive_entries WHERE chain = ? AND chain_seq = 3', id);
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
      const manifest = await sign();
      expect((await ctx.sql('DELETE FROM archive_entries WHERE chain = ?', id)).changes).toBe(2);
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
      const manifest = await sign();
      await ctx.sql(
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
      for (const [at, action] of [
        [1, 'user.disable'],
        [2, 'user.enable'],
      ] as const) {
        await ctx.store.audit.append({
          actor: 'cli:root@host',
          source: 'cli',
          address: null,
          at,
          action,
          target: 'bob@example.test',
          details: {},
        });
      }
      await ctx.sql("UPDATE audit_log SET target = 'carol@example.test' WHERE seq = 1");
      const report = await verify();
      expect(report.problems).toContainEqual({
        where: 'audit log',
        position: 1,
        reason: 'its content does not match its hash',
      });
    });

    it('checks what remains after a purge against the purge entry', async () => {
      const id = await group([alice.id, bob.id]);
      for (const body of ['one', 'two', 'three', 'four']) await send(id, body);
      await sign();
      await ctx.store.archive.purgePrefix(id, 3, 9_000, 11_000);
      expect(await verify()).toMatchObject({ ok: true });
      await ctx.sql(
        'UPDATE archive_entries SET prev_hash = ? WHERE chain = ? AND chain_seq = 4',
        '1'.repeat(64),
        id,
      );
      expect((await verify()).problems[0]).toMatchObject({ position: 4 });
    });

    it('verifies a date range: only its entries, each still linked to the one before', async () => {
      const id = await group([alice.id, bob.id]);
      await send(id, 'old', 2_000);
      await send(id, 'new', 50_000);
      const report = await verifyArchive(ctx.store, loadPublicKeys(keyDir), { from: 40_000 });
      expect(report).toMatchObject({ ok: true, entries: 1, chains: 1 });
      await ctx.sql('DELETE FROM archive_entries WHERE chain = ? AND chain_seq = 2', id);
      expect((await verifyArchive(ctx.store, loadPublicKeys(keyDir), { from: 40_000 })).ok).toBe(false);
    });
  },
);
