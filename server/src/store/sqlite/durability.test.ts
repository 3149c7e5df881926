import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../types';
import { openSqliteStore } from './index';
import { spawnTs } from './testing/spawn-ts';
import { tempDirs } from './testing/temp-files';

const dirs = tempDirs();
const running: Worker[] = [];
afterEach(() => {
  for (const worker of running.splice(0)) worker.kill();
  dirs.cleanup();
});

const WORKER = resolve(import.meta.dirname, 'testing/append-worker.ts');

async function seedConversation(store: Store): Promise<{ conversationId: string; senderIds: string[] }> {
  const alice = await store.users.create({ email: 'alice@acme.test', name: 'Alice', passwordHash: 'h' });
  const bob = await store.users.create({ email: 'bob@acme.test', name: 'Bob', passwordHash: 'h' });
  const { conversation } = await store.conversations.create({
    kind: 'group',
    title: 'Durable',
    memberIds: [alice.id, bob.id],
    createdAt: 1,
  });
  return { conversationId: conversation.id, senderIds: [alice.id, bob.id] };
}

interface Worker {
  acked: number[];
  /** Resolves when the process exits, with its exit code (null when killed). */
  exited: Promise<number | null>;
  /** Resolves once `count` appends were acknowledged. */
  ackedAtLeast(count: number): Promise<void>;
  kill(): void;
}

function startWorker(args: string[]): Worker {
  const child = spawnTs(WORKER, args);
  child.stdin.end();
  const acked: number[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^acked (\d+)$/.exec(line);
    if (!match) return;
    acked.push(Number(match[1]));
    for (const waiter of waiters.filter((w) => acked.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const exited = new Promise<number | null>((resolveExit, rejectExit) => {
    child.on('error', rejectExit);
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) rejectExit(new Error(`worker failed (${code}): ${stderr}`));
      else resolveExit(code);
    });
  });
  const worker: Worker = {
    acked,
    exited,
    ackedAtLeast: (count) =>
      acked.length >= count
        ? Promise.resolve()
        : new Promise((resolveWait) => waiters.push({ count, resolve: resolveWait })),
    kill: () => child.kill('SIGKILL'),
  };
  running.push(worker);
  return worker;
}

describe('durability', () => {
  it('keeps every message, user and read position across close and reopen', async () => {
    const file = join(dirs.make(), 'beacon.db');
    const store = openSqliteStore(file);
    const { conversationId, senderIds } = await seedConversation(store);
    const [alice, bob] = senderIds as [string, string];
    for (let i = 0; i < 25; i++) {
      await store.messages.append({
        conversationId,
        senderId: i % 2 ? alice : bob,
        clientId: `m${i}`,
        body: `#${i}`,
        sentAt: i,
      });
    }
    await store.conversations.markRead(conversationId, alice, 20);
    await store.close();

    const reopened = openSqliteStore(file);
    try {
      const page = await reopened.messages.history(conversationId, { limit: 200 });
      expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(page.messages.map((m) => m.body)).toEqual(Array.from({ length: 25 }, (_, i) => `#${i}`));
      expect((await reopened.conversations.forMember(conversationId, alice))?.readSeq).toBe(20);
      expect(await reopened.users.list()).toHaveLength(2);
      const next = await reopened.messages.append({
        conversationId,
        senderId: alice,
        clientId: 'after',
        body: 'x',
        sentAt: 99,
      });
      expect(next.message.seq).toBe(26);
    } finally {
      await reopened.close();
    }
  });

  it('keeps every acknowledged message when the writing process is killed with SIGKILL', async () => {
    const file = join(dirs.make(), 'beacon.db');
    const setup = openSqliteStore(file);
    const { conversationId, senderIds } = await seedConversation(setup);
    await setup.close();

    const worker = startWorker([file, conversationId, senderIds[0] ?? '', '20000', 'killed']);
    await worker.ackedAtLeast(50);
    worker.kill();
    expect(await worker.exited).toBeNull();
    const acked = [...worker.acked];

    const store = openSqliteStore(file);
    try {
      const lastSeq = (await store.conversations.byId(conversationId))?.lastSeq ?? 0;
      expect(lastSeq).toBeGreaterThanOrEqual(acked.length);
      const all = [];
      for (let after = 0; after < lastSeq; after += 200) {
        all.push(...(await store.messages.history(conversationId, { limit: 200, afterSeq: after })).messages);
      }
      expect(all.map((m) => m.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));
      const storedSeqs = new Set(all.map((m) => m.seq));
      expect(acked.every((seq) => storedSeqs.has(seq))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('keeps seq gapless when separate processes append to one conversation at once', async () => {
    const file = join(dirs.make(), 'beacon.db');
    const store = openSqliteStore(file);
    const { conversationId, senderIds } = await seedConversation(store);
    const [alice, bob] = senderIds as [string, string];
    try {
      const workers = [
        startWorker([file, conversationId, alice, '150', 'w1']),
        startWorker([file, conversationId, bob, '150', 'w2']),
      ];
      let local = 0;
      // Append from this process too while the workers run.
      while (workers.some((w) => w.acked.length < 150) && local < 150) {
        await store.messages.append({
          conversationId,
          senderId: alice,
          clientId: `local-${local}`,
          body: 'x',
          sentAt: local,
        });
        local += 1;
        await new Promise((r) => setTimeout(r, 2));
      }
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
      const total = 300 + local;
      const all = [];
      for (let after = 0; after < total; after += 200) {
        all.push(...(await store.messages.history(conversationId, { limit: 200, afterSeq: after })).messages);
      }
      expect(all.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(new Set(all.map((m) => m.clientId + m.senderId)).size).toBe(total);
      // Each writer's own messages got strictly increasing seqs.
      for (const worker of workers) {
        expect(worker.acked).toEqual([...worker.acked].sort((a, b) => a - b));
      }
    } finally {
      await store.close();
    }
  });
});
