import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presenceReadResponseSchema } from '@beacon/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { type BeaconServer, createBeaconServer } from '../src/app';
import { BotService } from '../src/bots/service';
import { databaseFile } from '../src/config/data-dir';
import { IntegrationService } from '../src/integrations/service';
import { openSqliteStore } from '../src/store/sqlite';
import { TEST_GRACE_MS } from './helpers/test-server';

const dataDir = mkdtempSync(join(tmpdir(), 'beacon-bots-'));
const servers: BeaconServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: BeaconServer; url: string }> {
  const server = await createBeaconServer({
    dataDir,
    port: 0,
    demo: true,
    presenceGraceMs: TEST_GRACE_MS,
    disabledPollMs: 100,
    webRoot: null,
    logLevel: 'silent',
  });
  servers.push(server);
  const { url } = await server.listen();
  return { server, url };
}

describe('bots across a restart', () => {
  it('a bot that exists when the server starts is available at once, and stays so', async () => {
    // Set the organisation up, then add the bot and a reader while no server runs.
    const first = await start();
    await first.server.close();
    const store = openSqliteStore(databaseFile(dataDir));
    let reader: string;
    try {
      await new BotService(store, { domain: 'acme.test', hashParams: { N: 2 ** 10, r: 8, p: 1 } }).add({
        email: 'builds@acme.test',
        name: 'Build bot',
      });
      reader = (await new IntegrationService(store).add('dashboard', ['presence:read'])).token;
    } finally {
      await store.close();
    }

    const { url } = await start();
    const read = async () => {
      const response = await fetch(`${url}/api/v1/presence?emails=builds@acme.test`, {
        headers: { authorization: `Bearer ${reader}` },
      });
      return presenceReadResponseSchema.parse(await response.json()).users[0];
    };
    expect(await read()).toMatchObject({
      kind: 'bot',
      presence: { status: 'available', source: 'manual' },
    });
    // Well past the grace period: still no offline, no idle.
    await new Promise((resolve) => setTimeout(resolve, TEST_GRACE_MS * 2));
    expect((await read())?.presence).toMatchObject({
      status: 'available',
      source: 'manual',
      idleSince: null,
    });
  });
});
