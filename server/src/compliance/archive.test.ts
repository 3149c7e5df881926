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
import { loadOrCreateSigningKey } from './signing-key';

const dirs = tempDirs();
let dataDir: string;
let file: string;
let store: Store;
let alice: UserRecord;
let bob: UserRecord;

beforeEach(async () => {
  dataDir = dirs.make();
  file = join(dataDir, 'beacon.db');
  store = openSqliteStore(file);
  alice = await makeUser(store, 'Alice');
  bob = await makeUser(store, 'Bob');
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

// The archive's behaviour, and its verification of rows changed behind the store, is the store
// contract's (store/contract/archive.contract.test.ts, on SQLite and PostgreSQL); here what needs
// the SQLite store whole: scan verdicts (its file repository) and the admin CLI on its data directory.
describe('the archive (SQLite)', () => {
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
