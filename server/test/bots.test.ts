import {
  botMessageResponseSchema,
  type Conversation,
  LIMITS,
  presenceReadResponseSchema,
  type UserWithPresence,
} from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_CREDENTIALS } from '../src/auth/login';
import { IntegrationService } from '../src/integrations/service';
import { runAdminInProcess } from './helpers/admin';
import { type AckResponse, EventLog, request, type TestSocket } from './helpers/client';
import { startTestServer, type TestServer } from './helpers/test-server';

const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
const BOT_EMAIL = 'alerts@acme.test';

let t: TestServer;
let botToken: string;
let reader: string;
let alice: { socket: TestSocket; user: { id: string } };
let aliceMessages: EventLog<'message'>;
let aliceConversations: EventLog<'conversation'>;

/** Runs `npm run admin -- …` in-process against the test server's data directory. */
function admin(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runAdminInProcess(t.dataDir, argv, { hashParams: CHEAP_SCRYPT });
}

function send(token: string | null, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(`${t.url}/api/v1/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
}
async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

/** Polls the read API until the bot shows `status` (at most 5 s). */
async function waitForBotPresence(status: string) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const response = await fetch(`${t.url}/api/v1/presence?emails=${BOT_EMAIL}`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    const { users } = presenceReadResponseSchema.parse(await response.json());
    if (users[0]?.presence.status === status || Date.now() > deadline) return users;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  t = await startTestServer();
  reader = (await new IntegrationService(t.server.store).add('dashboard', ['presence:read'])).token;
  const added = await admin('bot', 'add', BOT_EMAIL, '--name', 'Line 3 alerts');
  expect(added).toMatchObject({ code: 0, err: '' });
  botToken = added.out.trimEnd().split('\n').at(-1) ?? '';
  alice = await t.connect('alice@acme.test');
  aliceMessages = new EventLog(alice.socket, 'message');
  aliceConversations = new EventLog(alice.socket, 'conversation');
});
afterAll(async () => {
  await t?.close();
});

describe('bot accounts', () => {
  it('prints a token alone on the last line and lists the bot with it', async () => {
    expect(botToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await admin('bot', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/alerts@acme\.test\s+Line 3 alerts\s+enabled\s+bot-alerts/);
    expect(list.out).not.toContain(botToken);
  });

  it('refuses an address outside the organisation, a duplicate and a missing name', async () => {
    expect(await admin('bot', 'add', 'alerts@other.test', '--name', 'X')).toMatchObject({ code: 1 });
    const duplicate = await admin('bot', 'add', BOT_EMAIL, '--name', 'Again');
    expect(duplicate).toMatchObject({ code: 1 });
    expect(duplicate.err).toContain('already exists');
    expect(await admin('bot', 'add', 'x@acme.test')).toMatchObject({ code: 2 });
    expect((await admin('user', 'reset-password', BOT_EMAIL, '--password', 'long enough pw')).err).toContain(
      'is a bot',
    );
  });

  it('cannot sign in with a password: login answers as for a wrong password', async () => {
    const { status, body } = await t.login(BOT_EMAIL, 'anything at all');
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 'unauthorized', message: INVALID_CREDENTIALS } });
  });

  it('is always available (source manual), marked as a bot in directory:search', async () => {
    // The bot was added by the CLI while the server ran, and has not sent anything yet: the
    // server picks it up by polling, so it is available without waiting for its first request.
    const users = await waitForBotPresence('available');
    const after = { users };
    expect(users[0]).toMatchObject({ email: BOT_EMAIL, kind: 'bot' });
    expect(after.users[0]?.presence).toMatchObject({ status: 'available', source: 'manual' });
    const search = await request<AckResponse & { users: UserWithPresence[] }>(
      alice.socket,
      'directory:search',
      {
        query: 'line 3',
      },
    );
    expect(search.users).toEqual([
      expect.objectContaining({
        email: BOT_EMAIL,
        kind: 'bot',
        presence: expect.objectContaining({ status: 'available' }),
      }),
    ]);
    const people = await request<AckResponse & { users: UserWithPresence[] }>(
      alice.socket,
      'directory:search',
      {
        query: 'bob',
      },
    );
    expect(people.users[0]).not.toHaveProperty('kind');
  });
});

describe('POST /api/v1/messages', () => {
  it('sends to a person by e-mail: opens the direct conversation, delivers live, 201', async () => {
    // What reaches Alice, in arrival order: the conversation must come before its first message.
    const arrivals: string[] = [];
    alice.socket.onAny((event: string) => {
      if (event === 'conversation' || event === 'message') arrivals.push(event);
    });
    const response = await send(botToken, {
      to: 'Alice@acme.test',
      clientId: 'alert-1',
      body: 'Line 3: conveyor stopped',
    });
    expect(response.status).toBe(201);
    const { message } = botMessageResponseSchema.parse(await response.json());
    expect(message).toMatchObject({ body: 'Line 3: conveyor stopped', clientId: 'alert-1', seq: 1 });
    const live = await aliceMessages.waitFor((m) => m.message.id === message.id);
    expect(live.message).toEqual(message);
    expect(arrivals).toEqual(['conversation', 'message']);
    const opened = await aliceConversations.waitFor((c) => c.conversation.id === message.conversationId);
    expect(opened.conversation).toMatchObject({ kind: 'direct', lastSeq: 1, unread: 1 });
    const bot = opened.conversation.members?.find((member) => member.id === message.senderId);
    expect(bot).toMatchObject({ email: BOT_EMAIL, name: 'Line 3 alerts', kind: 'bot' });
    // The compliance archive names the integration whose token sent it.
    const integration = (await t.server.store.integrations.list()).find(
      (entry) => entry.name === 'bot-alerts',
    );
    const archived = [];
    for await (const entry of t.server.store.archive.entries({ chain: message.conversationId }))
      if (entry.kind === 'message.sent') archived.push(entry);
    expect(archived.map((entry) => entry.payload.integrationId)).toEqual([integration?.id]);
  });

  it("keeps a burst's order for a new person: the conversation, then every message by seq", async () => {
    const dave = await t.connect('dave@acme.test');
    const arrivals: string[] = [];
    dave.socket.onAny((event: string, payload: { message?: { seq: number } }) => {
      if (event === 'conversation') arrivals.push('conversation');
      if (event === 'message') arrivals.push(`message ${payload.message?.seq}`);
    });
    // Sent at once: the first message's announcement must not let the others overtake it.
    const responses = await Promise.all(
      ['b1', 'b2', 'b3', 'b4', 'b5'].map((clientId) =>
        send(botToken, { to: 'dave@acme.test', clientId, body: `burst ${clientId}` }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    await expect.poll(() => arrivals.length, { timeout: 5_000 }).toBe(6);
    expect(arrivals).toEqual([
      'conversation',
      'message 1',
      'message 2',
      'message 3',
      'message 4',
      'message 5',
    ]);
    dave.socket.close();
  });

  it('is idempotent by clientId: a repeat answers 200 with the stored message, delivered once', async () => {
    const first = await send(botToken, { to: 'alice@acme.test', clientId: 'alert-2', body: 'Line 3: jam' });
    expect(first.status).toBe(201);
    const { message } = botMessageResponseSchema.parse(await first.json());
    const again = await send(botToken, { to: 'alice@acme.test', clientId: 'alert-2', body: 'Line 3: jam' });
    expect(again.status).toBe(200);
    expect(botMessageResponseSchema.parse(await again.json()).message).toEqual(message);
    await aliceMessages.waitFor((m) => m.message.id === message.id);
    await request(alice.socket, 'contacts:list');
    expect(aliceMessages.events.filter((m) => m.message.clientId === 'alert-2')).toHaveLength(1);
    // The conversation was announced with its first message (alert-1) only.
    expect(
      aliceConversations.events.filter((c) => c.conversation.id === message.conversationId),
    ).toHaveLength(1);
  });

  it('sends to a conversation the bot is in, by id, and Alice catches up in history', async () => {
    const list = await request<AckResponse & { conversations: Conversation[] }>(
      alice.socket,
      'conversation:list',
    );
    const withBot = list.conversations.find((c) => c.members?.some((m) => m.email === BOT_EMAIL));
    if (!withBot) throw new Error('no conversation with the bot');
    const response = await send(botToken, {
      to: withBot.id,
      clientId: 'alert-3',
      body: 'Line 3: running again',
    });
    expect(response.status).toBe(201);
    const history = await request<AckResponse & { messages: Array<{ clientId: string; seq: number }> }>(
      alice.socket,
      'message:history',
      { conversationId: withBot.id },
    );
    expect(history.messages.map((m) => [m.seq, m.clientId])).toEqual([
      [1, 'alert-1'],
      [2, 'alert-2'],
      [3, 'alert-3'],
    ]);
  });

  it('answers 403/404/400/413 with the contract error shape, and stores nothing', async () => {
    const bob = await t.connect('bob@acme.test');
    const carol = await t.token('carol@acme.test');
    const opened = await request<AckResponse & { conversation: Conversation }>(
      bob.socket,
      'conversation:open',
      {
        memberIds: [carol.user.id],
      },
    );
    expect(
      await errorOf(await send(botToken, { to: opened.conversation.id, clientId: 'x', body: 'hi' })),
    ).toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    expect(
      await errorOf(await send(botToken, { to: 'no-such-conversation', clientId: 'x', body: 'hi' })),
    ).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(
      await errorOf(await send(botToken, { to: 'nobody@acme.test', clientId: 'x', body: 'hi' })),
    ).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'to: no user nobody@acme.test',
    });
    expect(
      await errorOf(await send(botToken, { to: 'alice@acme.test', clientId: 'x', body: '' })),
    ).toMatchObject({
      status: 400,
      code: 'invalid',
    });
    const tooLong = 'x'.repeat(LIMITS.bodyMaxChars + 1);
    expect(
      await errorOf(await send(botToken, { to: 'alice@acme.test', clientId: 'x', body: tooLong })),
    ).toMatchObject({
      status: 413,
      code: 'too_large',
    });
    expect(
      await errorOf(await send(botToken, { to: 'alice@acme.test', clientId: 'x', body: 'hi', extra: 1 })),
    ).toMatchObject({ status: 400, code: 'invalid' });
    const history = await request<AckResponse & { messages: unknown[] }>(bob.socket, 'message:history', {
      conversationId: opened.conversation.id,
    });
    expect(history.messages).toEqual([]);
  });

  it('refuses tokens that are missing, unknown, without messages:write, or not acting as a bot', async () => {
    const body = { to: 'alice@acme.test', clientId: 'nope', body: 'hi' };
    expect(await errorOf(await send(null, body))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(await errorOf(await send('x'.repeat(43), body))).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(await errorOf(await send(reader, body))).toMatchObject({ status: 403, code: 'forbidden' });
    const session = await t.token('dave@acme.test');
    expect(await errorOf(await send(session.token, body))).toMatchObject({ status: 403, code: 'forbidden' });
    const plain = await new IntegrationService(t.server.store).add('pager', ['messages:write']);
    expect(await errorOf(await send(plain.token, body))).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: expect.stringContaining('does not act as a bot'),
    });
  });

  it('bot remove disables the bot and revokes its token at once', async () => {
    const removed = await admin('bot', 'remove', BOT_EMAIL);
    expect(removed).toMatchObject({ code: 0 });
    expect(removed.out).toContain('revoked bot-alerts');
    expect(
      await errorOf(await send(botToken, { to: 'alice@acme.test', clientId: 'late', body: 'hi' })),
    ).toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect((await admin('bot', 'list')).out).toMatch(/alerts@acme\.test\s+Line 3 alerts\s+disabled\s+-/);
    // A disabled account is out of the read API; its permanent session ends, so it shows
    // offline (after the grace period, as any user who left) wherever it is still listed.
    const botId = (await t.server.store.users.byEmail(BOT_EMAIL))?.id ?? '';
    await expect.poll(() => t.server.presence.presenceOf(botId).status, { timeout: 5_000 }).toBe('offline');
    expect((await admin('bot', 'remove', 'bob@acme.test')).err).toContain('no bot bob@acme.test');
  });
});
