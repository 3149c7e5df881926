import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@beacon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBeaconServer } from '../src/app';
import { parseServerCli } from '../src/cli/server-options';
import { databaseFile } from '../src/config/data-dir';
import { ConfigError, type ServerConfigInput } from '../src/config/server-config';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../src/store/contract/postgres-test-database';
import { capturedLogger } from './helpers/captured-log';
import { type AckResponse, EventLog, request, type TestSocket } from './helpers/client';
import { openGroup, sendMessage } from './helpers/conversations';
import { startTestServer, type TestServer } from './helpers/test-server';

type Ack<T> = AckResponse & T;
interface Session {
  socket: TestSocket;
  id: string;
  messages: EventLog<'message'>;
  updates: EventLog<'message:updated'>;
}
interface Hit {
  message: Message;
  snippet: string;
}

const unavailable = await postgresOrSkipReason();
const schemas = scratchSchemas();

/** The store options exactly as the server's command line gives them. */
function postgresFlags(schema: string): Partial<ServerConfigInput> {
  const options = parseServerCli([
    '--store',
    'postgres',
    '--database-url',
    TEST_DATABASE_URL,
    '--database-schema',
    schema,
  ]);
  if (options === 'help') throw new Error('expected options');
  return { store: options.store, databaseUrl: options.databaseUrl, databaseSchema: options.databaseSchema };
}

async function session(server: TestServer, email: string): Promise<Session> {
  const { socket, user } = await server.connect(email);
  return {
    socket,
    id: user.id,
    messages: new EventLog(socket, 'message'),
    updates: new EventLog(socket, 'message:updated'),
  };
}

const history = (from: Session, conversationId: string) =>
  request<Ack<{ messages: Message[] }>>(from.socket, 'message:history', { conversationId });
const userBodies = (messages: Message[]) => messages.filter((m) => m.kind === 'user').map((m) => m.body);

describe.skipIf(unavailable !== null)('the server on PostgreSQL (--store postgres)', () => {
  const schema = schemas.name();
  const log = capturedLogger('info');
  let first: TestServer | undefined;
  let second: TestServer | undefined;

  beforeAll(async () => {
    first = await startTestServer({ ...postgresFlags(schema), logLevel: 'info' }, { logger: log.logger });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await schemas.dropAll();
  });

  it('sends, receives, reads history, searches and edits between two clients, keeping nothing in SQLite', async () => {
    if (!first) throw new Error('the server did not start');
    const alice = await session(first, 'alice@acme.test');
    const bob = await session(first, 'bob@acme.test');
    const conversationId = await openGroup(alice, [bob], 'postgres');

    const hello = await sendMessage(alice, conversationId, 'hello from zanzibar');
    const received = await bob.messages.waitFor((m) => m.message.id === hello.id);
    expect(received.message).toMatchObject({
      body: 'hello from zanzibar',
      senderId: alice.id,
      seq: hello.seq,
    });
    const reply = await sendMessage(bob, conversationId, 'hi alice');
    expect(reply.seq).toBe(hello.seq + 1);

    expect(userBodies((await history(alice, conversationId)).messages)).toEqual([
      'hello from zanzibar',
      'hi alice',
    ]);

    const found = await request<Ack<{ hits: Hit[] }>>(bob.socket, 'message:search', { query: 'zanzi' });
    expect(found).toMatchObject({ ok: true });
    expect(found.hits.map((hit) => hit.message.id)).toEqual([hello.id]);
    expect(found.hits[0]?.snippet).toBe('hello from \u0002zanzibar\u0003');

    const edited = await request<Ack<{ message: Message }>>(alice.socket, 'message:edit', {
      messageId: hello.id,
      body: 'hello from zanzibar, edited',
    });
    expect(edited).toMatchObject({
      ok: true,
      message: { id: hello.id, body: 'hello from zanzibar, edited' },
    });
    const update = await bob.updates.waitFor((u) => u.message.id === hello.id);
    expect(update.message.editedAt).toEqual(expect.any(Number));

    expect(existsSync(databaseFile(first.dataDir))).toBe(false);
    expect(log.lines.find((line) => line.msg === 'PostgreSQL store opened')).toMatchObject({
      database: 'test',
      schema,
    });
    expect(log.lines.some((line) => line.msg === 'some features do not work on PostgreSQL yet')).toBe(true);
  });

  it('keeps the history across a restart on the same schema (and a fresh data dir)', async () => {
    if (!first) throw new Error('the server did not start');
    const alice = await session(first, 'alice@acme.test');
    const conversationId = await openGroup(alice, [await session(first, 'carol@acme.test')], 'restart');
    const kept = await sendMessage(alice, conversationId, 'still here after the restart');
    await first.close();
    first = undefined;

    second = await startTestServer(postgresFlags(schema));
    const carol = await session(second, 'carol@acme.test');
    const after = await history(carol, conversationId);
    expect(after).toMatchObject({ ok: true });
    expect(after.messages.find((m) => m.id === kept.id)).toMatchObject({
      body: 'still here after the restart',
      seq: kept.seq,
    });
    const next = await sendMessage(carol, conversationId, 'and the next seq follows');
    expect(next.seq).toBe(kept.seq + 1);
  });
});

describe('the server with an unreachable PostgreSQL', () => {
  it('refuses store postgres without a database URL', async () => {
    await expect(
      createBeaconServer({ dataDir: '/nonexistent/beacon', store: 'postgres', logLevel: 'silent' }),
    ).rejects.toThrow(
      new ConfigError(
        'databaseUrl: is required with store postgres (postgres://user:password@host:port/database)',
      ),
    );
  });

  it('refuses to start, naming host and database but never the password', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-test-'));
    try {
      const starting = createBeaconServer({
        dataDir,
        port: 0,
        demo: true,
        webRoot: null,
        logLevel: 'silent',
        store: 'postgres',
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        databaseUrl: 'postgres://beacon:s3cr3t-pw@127.0.0.1:1/beacon_prod',
      });
      const error = await starting.then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/database "beacon_prod" on 127\.0\.0\.1:1/);
      expect(message).not.toContain('s3cr3t-pw');
      expect(existsSync(databaseFile(dataDir))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
