import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FloorEvent, FloorFixture, FloorPresence, FloorRequest } from './wire';

/**
 * The physical floor of the benchmark: a raw `ws` relay that does the minimum a
 * messenger must — authenticate by token, ack at once (nothing is stored), relay
 * messages to the members' sockets and presence to the subscribers. No validation,
 * no persistence, no rate limits, no framework. Whatever Beacon costs above this is
 * the price of its features and guarantees.
 */
const { values } = parseArgs({
  options: { port: { type: 'string', default: '0' }, fixture: { type: 'string' } },
});
if (!values.fixture) throw new Error('--fixture <file> is required');
const fixture = JSON.parse(readFileSync(values.fixture, 'utf8')) as FloorFixture;

const userByToken = new Map(fixture.users.map((u) => [u.token, u]));
const userByEmail = new Map(fixture.users.map((u) => [u.email, u]));
const members = new Map(fixture.conversations.map((c) => [c.id, c.memberIds]));
const lastSeq = new Map<string, number>();
const socketsOf = new Map<string, Set<WebSocket>>();
const watchersOf = new Map<string, Set<WebSocket>>();
const presences = new Map<string, FloorPresence>();

const presenceOf = (userId: string): FloorPresence =>
  presences.get(userId) ?? { userId, status: 'offline', message: null };

function sendTo(sockets: Iterable<WebSocket> | undefined, event: FloorEvent): void {
  if (!sockets) return;
  const frame = JSON.stringify(event);
  for (const socket of sockets) socket.send(frame);
}

function publish(presence: FloorPresence): void {
  presences.set(presence.userId, presence);
  sendTo(watchersOf.get(presence.userId), { type: 'presence', presence });
}

function handleLogin(request: IncomingMessage, response: ServerResponse): void {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  request.on('end', () => {
    const { email, password } = JSON.parse(body) as { email: string; password: string };
    const user = userByEmail.get(email);
    const ok = user !== undefined && password === fixture.password;
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(ok ? { token: user.token, user: { id: user.id, email } } : { error: 'unauthorized' }),
    );
  });
}

const http = createServer((request, response) => {
  if (request.method === 'POST' && request.url === '/api/auth/login') handleLogin(request, response);
  else response.writeHead(404).end();
});
const wss = new WebSocketServer({ server: http });

wss.on('connection', (socket, request) => {
  const token = new URL(request.url ?? '/', 'http://floor').searchParams.get('token') ?? '';
  const user = userByToken.get(token);
  if (!user) {
    socket.close(4401, 'unauthorized');
    return;
  }
  const own = socketsOf.get(user.id) ?? new Set();
  own.add(socket);
  socketsOf.set(user.id, own);
  const subscribed = new Set<string>();
  if (own.size === 1) publish({ userId: user.id, status: 'available', message: null });
  socket.send(
    JSON.stringify({ type: 'ready', userId: user.id, presence: presenceOf(user.id) } satisfies FloorEvent),
  );

  socket.on('message', (data) => {
    const request = JSON.parse(data.toString()) as FloorRequest;
    switch (request.type) {
      case 'send': {
        const seq = (lastSeq.get(request.conversationId) ?? 0) + 1;
        lastSeq.set(request.conversationId, seq);
        const message = {
          id: randomUUID(),
          conversationId: request.conversationId,
          seq,
          senderId: user.id,
          clientId: request.clientId,
          body: request.body,
          sentAt: Date.now(),
        };
        socket.send(
          JSON.stringify({ type: 'ack', ref: request.ref, ok: true, message } satisfies FloorEvent),
        );
        const frame = JSON.stringify({ type: 'message', message } satisfies FloorEvent);
        for (const memberId of members.get(request.conversationId) ?? []) {
          for (const member of socketsOf.get(memberId) ?? []) member.send(frame);
        }
        break;
      }
      case 'edit': {
        const message = {
          id: request.messageId,
          conversationId: request.conversationId,
          senderId: user.id,
          body: request.body,
        };
        socket.send(JSON.stringify({ type: 'ack', ref: request.ref, ok: true } satisfies FloorEvent));
        const frame = JSON.stringify({ type: 'updated', message } satisfies FloorEvent);
        for (const memberId of members.get(request.conversationId) ?? []) {
          for (const member of socketsOf.get(memberId) ?? []) member.send(frame);
        }
        break;
      }
      case 'subscribe': {
        for (const id of subscribed) watchersOf.get(id)?.delete(socket);
        subscribed.clear();
        for (const id of request.userIds) {
          subscribed.add(id);
          const watchers = watchersOf.get(id) ?? new Set();
          watchers.add(socket);
          watchersOf.set(id, watchers);
        }
        const snapshot = request.userIds.map(presenceOf);
        socket.send(
          JSON.stringify({
            type: 'ack',
            ref: request.ref,
            ok: true,
            presences: snapshot,
          } satisfies FloorEvent),
        );
        break;
      }
      case 'presence:set': {
        socket.send(JSON.stringify({ type: 'ack', ref: request.ref, ok: true } satisfies FloorEvent));
        publish({ userId: user.id, status: request.status, message: request.message });
        break;
      }
    }
  });

  socket.on('close', () => {
    own.delete(socket);
    for (const id of subscribed) watchersOf.get(id)?.delete(socket);
    if (own.size === 0) publish({ userId: user.id, status: 'offline', message: null });
  });
});

http.listen(Number(values.port), '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`Floor relay listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  http.close(() => process.exit(0));
});
