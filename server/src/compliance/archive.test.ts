import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import { makeUser } from '../store/sqlite/testing/fixtures';
import { tempDirs } from '../store/sqlite/testing/temp-files';
import type { Store, UserRecord } from '../store/types';
import { runComplianceAdmin } from './cli/dispatch';
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

/** Opens the database file behind the store's back, as someone tampering with it would. */
function tamper(sql: string, ...params: unknown[]): number {
  const db = new Database(file);
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

// The archive's behaviour, its verification of rows changed behind the store and scan verdicts
// are the store contract's (store/contract/archive.contract.test.ts, on SQLite and PostgreSQL);
// here what needs the SQLite store whole: the admin CLI on its data directory.
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
