import { sleep, wallNow } from '../lib/clock';
import { type BenchClient, createClient, type TargetKind } from './clients';
import type { ClientSpec, CommandOf, Op, Request, Response, ResultOf } from './ipc';
import { runMessages } from './message-phases';

/**
 * A load generator process: holds thousands of clients and runs the scenario steps the
 * orchestrator (bench/run.ts) asks for over IPC. It never shares a process with the
 * server it loads.
 */
const clients = new Map<string, BenchClient>();
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs `task(i)` for i in 0..count-1, the i-th started at i / ratePerSecond (open loop: never waits for the earlier ones). */
async function paced(
  count: number,
  ratePerSecond: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    running.push(task(i));
  }
  await Promise.all(running);
}

function client(userId: string): BenchClient {
  const found = clients.get(userId);
  if (!found) throw new Error(`client ${userId} is not connected in this generator`);
  return found;
}

const CONNECT_ATTEMPTS = 5;

/**
 * Connects (and subscribes) one client; like the app, it tries again after a refused or
 * reset connection (a server busy accepting thousands may drop a few), with backoff.
 */
async function connectOne(kind: TargetKind, url: string, spec: ClientSpec): Promise<{ retries: number }> {
  for (let attempt = 1; ; attempt++) {
    const created = createClient(kind, url, spec.userId, spec.token);
    try {
      await created.connect();
      if (spec.subscribeTo) await created.subscribe(spec.subscribeTo);
      clients.set(spec.userId, created);
      return { retries: attempt - 1 };
    } catch (error) {
      created.close();
      if (attempt >= CONNECT_ATTEMPTS) throw error;
      await sleep(500 * attempt + Math.random() * 500);
    }
  }
}

async function connect({
  kind,
  url,
  clients: specs,
  ratePerSecond,
}: CommandOf<'connect'>): Promise<ResultOf<'connect'>> {
  const started = performance.now();
  let connected = 0;
  let failed = 0;
  let retries = 0;
  let firstError: string | null = null;
  await paced(specs.length, ratePerSecond, async (index) => {
    const spec = specs[index];
    if (!spec) return;
    try {
      retries += (await connectOne(kind, spec.url ?? url, spec)).retries;
      connected++;
    } catch (error) {
      failed++;
      firstError ??= errorText(error);
    }
  });
  return { connected, failed, retries, firstError, seconds: (performance.now() - started) / 1000 };
}

function messages(command: CommandOf<'messages'>): Promise<ResultOf<'messages'>> {
  return runMessages(command, client);
}

const rounds = new Map<number, { received: number; lastAt: number }>();
let watcherCount = 0;

function watch({ userId }: CommandOf<'watch'>): ResultOf<'watch'> {
  watcherCount = 0;
  for (const watcher of clients.values()) {
    if (watcher.userId === userId) continue;
    watcherCount++;
    watcher.onPresence((presence) => {
      if (presence.userId !== userId || !presence.message?.startsWith('round ')) return;
      const at = wallNow();
      const round = Number(presence.message.slice('round '.length));
      const seen = rounds.get(round) ?? { received: 0, lastAt: 0 };
      seen.received++;
      seen.lastAt = Math.max(seen.lastAt, at);
      rounds.set(round, seen);
    });
  }
  return { watchers: watcherCount };
}

async function change({ userId, round }: CommandOf<'change'>): Promise<ResultOf<'change'>> {
  const star = client(userId);
  const sentAt = wallNow();
  await star.setPresence(round % 2 === 0 ? 'available' : 'busy', `round ${round}`);
  return { sentAt };
}

async function awaitRound({ round, timeoutMs }: CommandOf<'awaitRound'>): Promise<ResultOf<'awaitRound'>> {
  const deadline = performance.now() + timeoutMs;
  while ((rounds.get(round)?.received ?? 0) < watcherCount && performance.now() < deadline) await sleep(1);
  const seen = rounds.get(round) ?? { received: 0, lastAt: Number.NaN };
  return { received: seen.received, expected: watcherCount, lastAt: seen.lastAt };
}

async function storm({
  kind,
  url,
  users,
  ratePerSecond,
  mode,
}: CommandOf<'storm'>): Promise<ResultOf<'storm'>> {
  const totalMs: number[] = [];
  const loginMs: number[] = [];
  let completed = 0;
  let failed = 0;
  let firstError: string | null = null;
  await paced(users.length, ratePerSecond, async (index) => {
    const user = users[index];
    if (!user) return;
    const started = performance.now();
    try {
      let token = user.token;
      if (mode === 'login') {
        const response = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: user.password }),
        });
        const body = (await response.json()) as { token?: string };
        if (response.status !== 200 || !body.token) throw new Error(`login answered ${response.status}`);
        token = body.token;
        loginMs.push(performance.now() - started);
      }
      const created = createClient(kind, url, user.userId, token);
      clients.set(user.userId, created);
      await created.connect();
      await created.subscribe(user.subscribeTo);
      totalMs.push(performance.now() - started);
      completed++;
    } catch (error) {
      failed++;
      firstError ??= errorText(error);
    }
  });
  return { completed, failed, firstError, totalMs, loginMs };
}

async function closeAll(): Promise<ResultOf<'closeAll'>> {
  const closed = clients.size;
  for (const each of clients.values()) each.close();
  clients.clear();
  rounds.clear();
  watcherCount = 0;
  await sleep(100);
  return { closed };
}

async function handle(request: Request): Promise<ResultOf<Op>> {
  switch (request.op) {
    case 'connect':
      return connect(request.command as CommandOf<'connect'>);
    case 'messages':
      return messages(request.command as CommandOf<'messages'>);
    case 'watch':
      return watch(request.command as CommandOf<'watch'>);
    case 'change':
      return change(request.command as CommandOf<'change'>);
    case 'awaitRound':
      return awaitRound(request.command as CommandOf<'awaitRound'>);
    case 'storm':
      return storm(request.command as CommandOf<'storm'>);
    case 'closeAll':
      return closeAll();
  }
  throw new Error(`unknown op ${String(request.op)}`);
}

process.on('message', (request: Request) => {
  handle(request).then(
    (result) => process.send?.({ id: request.id, ok: true, result } satisfies Response),
    (error: unknown) =>
      process.send?.({ id: request.id, ok: false, error: errorText(error) } satisfies Response),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ id: 0, ok: true, result: { closed: 0 } } satisfies Response);
