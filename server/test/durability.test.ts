import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '@beacon/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { probePort, restartableDemoServer } from './helpers/child-server';
import { type AckResponse, connectClient, request, type TestSocket } from './helpers/client';
import { loginAt } from './helpers/http-client';

type Ack<T> = AckResponse & T;

const SENDERS = ['alice', 'bob', 'carol', 'dave'];
/** Two sessions per sender: 8 concurrent clients. */
const SESSIONS_PER_SENDER = 2;
/** Within one session's burst allowance (per-session rate limit). */
const PER_SESSION = 50;
/** The server is killed as soon as this many sends were acknowledged; later sends may or may not survive. */
const KILL_AFTER_ACKS = 200;

const server = restartableDemoServer('beacon-durability-');
const start = () => server.start();
afterAll(() => server.cleanup());

describe('durability', () => {
  it('keeps every acknowledged message, with gapless seq, across a SIGKILL', async () => {
    const first = await start();
    const sessions = await Promise.all(
      SENDERS.map((name) => loginAt(first.url, `${name}@acme.test`, DEMO_PASSWORD)),
    );
    const sockets: TestSocket[] = [];
    for (const session of sessions) {
      for (let i = 0; i < SESSIONS_PER_SENDER; i++) {
        sockets.push((await connectClient(first.url, session.token)).socket);
      }
    }
    const [owner] = sockets;
    if (!owner) throw new Error('no sockets');
    const opened = await request<Ack<{ conversation: Conversation }>>(owner, 'conversation:open', {
      memberIds: sessions.slice(1).map((s) => s.user.id),
      title: 'Crash test',
    });
    expect(opened.ok).toBe(true);
    const conversationId = opened.conversation.id;

    const acked: Message[] = [];
    let killed = false;
    const burst = sockets.flatMap((socket, session) =>
      Array.from({ length: PER_SESSION }, (_, i) =>
        request<Ack<{ message: Message }>>(socket, 'message:send', {
          conversationId,
          clientId: randomUUID(),
          body: `session ${session} message ${i}`,
        }).then((ack) => {
          if (!ack.ok || killed) return;
          acked.push(ack.message);
          if (acked.length === KILL_AFTER_ACKS) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }),
      ),
    );
    // Sends still in flight when the process dies never get an ack.
    await Promise.race([Promise.allSettled(burst), first.exited]);
    expect((await first.exited).signal).toBe('SIGKILL');
    // The killed pid was the server itself: nothing listens on its port any more (a wrapper
    // process dying while the real server lives on would leave the port open).
    expect(await probePort(first.url)).toBe('refused');
    for (const socket of sockets) socket.close();
    expect(acked).toHaveLength(KILL_AFTER_ACKS);

    const second = await start();
    try {
      // Sessions are durable too: the old token still works.
      const reader = (await connectClient(second.url, sessions[1]?.token ?? '')).socket;
      const stored: Message[] = [];
      let more = true;
      while (more) {
        const page = await request<Ack<{ messages: Message[]; more: boolean }>>(reader, 'message:history', {
          conversationId,
          afterSeq: stored.at(-1)?.seq ?? 0,
          limit: 200,
        });
        expect(page.ok).toBe(true);
        stored.push(...page.messages);
        more = page.more;
      }
      reader.close();

      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
      const byId = new Map(stored.map((m) => [m.id, m]));
      for (const message of acked) expect(byId.get(message.id)).toEqual(message);
      expect(new Set(stored.map((m) => `${m.senderId} ${m.clientId}`)).size).toBe(stored.length);
      console.info(`durability: ${acked.length} acked before SIGKILL, ${stored.length} stored after restart`);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    }
  });
});
