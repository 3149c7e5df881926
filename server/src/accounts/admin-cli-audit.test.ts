import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditContent } from '../compliance/audit-chain';
import { chainBreak, GENESIS_HASH } from '../compliance/chain';
import { cliActor } from '../compliance/cli/command-group';
import { databaseFile } from '../config/data-dir';
import type { AuditEntry } from '../store/types';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './admin-cli';
import { adminHarness } from './testing/run-admin';

let clock = Date.UTC(2026, 2, 1, 9, 0, 0);
const admin = adminHarness({ now: () => clock });
beforeEach(async () => {
  clock = Date.UTC(2026, 2, 1, 9, 0, 0);
  await admin.setUp();
});
afterEach(() => admin.tearDown());

const entries = () =>
  admin.withStore(async (store) => {
    const all: AuditEntry[] = [];
    for await (const entry of store.audit.entries()) all.push(entry);
    return all;
  });
/** A command that succeeds, one minute after the previous one. */
async function ok(...argv: string[]) {
  clock += 60_000;
  const result = await admin.run(argv);
  expect(result, argv.join(' ')).toMatchObject({ code: EXIT_OK, err: '' });
  return result;
}
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('admin CLI audit log', () => {
  it('records each user command with who, when, where and what, never a password', async () => {
    await ok(
      'user',
      'add',
      'ada@acme.test',
      '--name',
      'Ada',
      '--password',
      'pw-never-logged',
      '--role',
      'admin',
    );
    const generated = await ok('user', 'add', 'bo@acme.test', '--name', 'Bo');
    await ok('user', 'disable', 'bo@acme.test');
    await ok('user', 'enable', 'BO@acme.test');
    const reset = await ok('user', 'reset-password', 'bo@acme.test');
    await ok('user', 'roles', 'bo@acme.test', '--set', 'compliance');
    await ok('user', 'list');

    const actor = cliActor();
    const start = Date.UTC(2026, 2, 1, 9, 0, 0);
    expect(await entries()).toEqual(
      [
        ['user.add', 'ada@acme.test', { name: 'Ada', roles: ['admin'], passwordFrom: 'option' }],
        ['user.add', 'bo@acme.test', { name: 'Bo', roles: [], passwordFrom: 'generated' }],
        ['user.disable', 'bo@acme.test', { sessionsEnded: true }],
        ['user.enable', 'bo@acme.test', {}],
        ['user.reset-password', 'bo@acme.test', { passwordFrom: 'generated', sessionsEnded: true }],
        ['user.roles', 'bo@acme.test', { roles: ['compliance'], previous: [] }],
      ].map(([action, target, details], index) =>
        expect.objectContaining({
          seq: index + 1,
          at: start + (index + 1) * 60_000,
          actor: actor.actor,
          source: 'cli',
          address: null,
          action,
          target,
          details,
        }),
      ),
    );
    expect(actor.actor).toMatch(/^cli:.+@.+/);
    const passwords = [
      'pw-never-logged',
      /\): (\S+)\n/.exec(generated.out)?.[1],
      /\): (\S+)\n/.exec(reset.out)?.[1],
    ];
    const raw = readFileSync(databaseFile(admin.dataDir())).toString('latin1');
    for (const password of passwords) {
      expect(password).toBeTruthy();
      expect(JSON.stringify(await entries())).not.toContain(password);
      expect(raw).not.toContain(password);
    }
  });

  it('records integration, bot and webhook changes without their tokens or secrets', async () => {
    const added = await ok('integration', 'add', 'phones', '--scopes', 'presence:read,presence:write');
    const rotated = await ok('integration', 'rotate', 'phones');
    await ok('integration', 'revoke', 'phones');
    const bot = await ok('bot', 'add', 'alerts@acme.test', '--name', 'Alerts');
    await ok('bot', 'remove', 'alerts@acme.test');
    const secret = 'a-receiver-secret-of-some-length';
    const url = 'https://hooks.example.test/services/T0/B0/credential-in-path?key=k';
    const hook = await ok('webhook', 'add', url, '--events', 'presence.changed', '--secret', secret);
    const hookId = /Added webhook (\S+)/.exec(hook.out)?.[1] ?? '';
    await ok('webhook', 'remove', hookId);
    await ok('integration', 'list');
    await ok('webhook', 'list');

    const all = await entries();
    const phones = all[0]?.details.id;
    expect(phones).toEqual(expect.any(String));
    expect(all.map(({ action, target, details }) => ({ action, target, details }))).toEqual([
      {
        action: 'integration.add',
        target: 'phones',
        details: { id: phones, scopes: ['presence:read', 'presence:write'] },
      },
      { action: 'integration.rotate', target: 'phones', details: { id: phones } },
      { action: 'integration.revoke', target: 'phones', details: { id: phones } },
      {
        action: 'bot.add',
        target: 'alerts@acme.test',
        details: { name: 'Alerts', integrationIds: [expect.any(String)], scopes: ['messages:write'] },
      },
      { action: 'bot.remove', target: 'alerts@acme.test', details: { revokedIntegrations: ['bot-alerts'] } },
      {
        action: 'webhook.add',
        target: hookId,
        details: {
          origin: 'https://hooks.example.test',
          urlSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          events: ['presence.changed'],
          secretGenerated: false,
        },
      },
      { action: 'webhook.remove', target: hookId, details: {} },
    ]);
    const logged = JSON.stringify(all);
    for (const token of [lastLine(added.out), lastLine(rotated.out), lastLine(bot.out)]) {
      expect(token.length).toBeGreaterThan(20);
      expect(logged).not.toContain(token);
    }
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('credential-in-path');
  });

  it('writes nothing for a command that fails or is refused', async () => {
    await ok('user', 'add', 'ada@acme.test', '--name', 'Ada', '--password', 'password1');
    await ok('integration', 'add', 'phones', '--scopes', 'presence:read');
    const failures: Array<[string[], number]> = [
      [['user', 'add', 'ADA@acme.test', '--name', 'Ada 2', '--password', 'password1'], EXIT_FAILURE],
      [['user', 'add', 'eve@evil.test', '--name', 'Eve', '--password', 'password1'], EXIT_FAILURE],
      [['user', 'add', 'short@acme.test', '--name', 'S', '--password', 'short'], EXIT_FAILURE],
      [['user', 'disable', 'ghost@acme.test'], EXIT_FAILURE],
      [['user', 'enable', 'ghost@acme.test'], EXIT_FAILURE],
      [['user', 'reset-password', 'ghost@acme.test'], EXIT_FAILURE],
      [['user', 'roles', 'ghost@acme.test', '--set', 'admin'], EXIT_FAILURE],
      [['user', 'roles', 'ada@acme.test', '--set', 'root'], EXIT_USAGE],
      [['integration', 'add', 'phones', '--scopes', 'presence:read'], EXIT_FAILURE],
      [['integration', 'add', 'other', '--scopes', 'root:all'], EXIT_FAILURE],
      [['integration', 'rotate', 'nope'], EXIT_FAILURE],
      [['integration', 'revoke', 'nope'], EXIT_FAILURE],
      [['bot', 'add', 'ada@acme.test', '--name', 'Clash'], EXIT_FAILURE],
      [['bot', 'remove', 'ada@acme.test'], EXIT_FAILURE],
      [['webhook', 'remove', 'no-such-hook'], EXIT_FAILURE],
      [['webhook', 'add', 'ftp://x.test', '--events', 'presence.changed'], EXIT_USAGE],
    ];
    for (const [argv, code] of failures) {
      expect((await admin.run(argv)).code, argv.join(' ')).toBe(code);
    }
    expect((await entries()).map((entry) => entry.action)).toEqual(['user.add', 'integration.add']);
  });

  it('chains the entries: seq gapless from 1, each prevHash the previous hash', async () => {
    await ok('user', 'add', 'ada@acme.test', '--name', 'Ada', '--password', 'password1');
    await ok('user', 'disable', 'ada@acme.test');
    await ok('integration', 'add', 'phones', '--scopes', 'presence:read');
    await ok('webhook', 'add', 'https://hooks.example.test/h', '--events', 'presence.changed');
    await ok('user', 'enable', 'ada@acme.test');

    const all = await entries();
    expect(all.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(all[0]?.prevHash).toBe(GENESIS_HASH);
    let previous: { chainSeq: number; hash: string } | null = null;
    for (const entry of all) {
      if (previous) expect(entry.prevHash).toBe(previous.hash);
      const sealed = { ...auditContent(entry, entry.seq), prevHash: entry.prevHash, hash: entry.hash };
      expect(chainBreak(previous, sealed)).toBeNull();
      previous = { chainSeq: entry.seq, hash: entry.hash };
    }
    const [first, second] = all;
    if (!first || !second) throw new Error('expected entries');
    const altered = {
      ...auditContent({ ...second, target: 'eve@acme.test' }, 2),
      prevHash: second.prevHash,
      hash: second.hash,
    };
    expect(chainBreak({ chainSeq: 1, hash: first.hash }, altered)).toMatch(/content does not match/);
  });
});
