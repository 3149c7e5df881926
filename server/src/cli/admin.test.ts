import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginService } from '../auth/login';
import { SessionService } from '../auth/sessions';
import { databaseFile } from '../config/data-dir';
import { IntegrationService } from '../integrations/service';
import { openSqliteStore } from '../store/sqlite';
import { runTs } from '../store/sqlite/testing/spawn-ts';
import { tempDirs } from '../store/sqlite/testing/temp-files';

const ADMIN = resolve(import.meta.dirname, 'admin.ts');
const dirs = tempDirs();
let base: string;

beforeEach(() => {
  base = dirs.make();
});
afterEach(() => dirs.cleanup());

/** Runs the real admin CLI as a separate process, from `base`, with stdin not a terminal. */
function admin(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { BEACON_DATA_DIR: _unused, ...env } = process.env;
  return runTs(ADMIN, args, { cwd: base, env: { ...env, INIT_CWD: base } });
}

async function login(email: string, password: string) {
  const store = openSqliteStore(databaseFile(join(base, 'data')));
  try {
    return await new LoginService({ store, sessions: new SessionService(store) }).login({
      email,
      password,
      address: '127.0.0.1',
    });
  } finally {
    await store.close();
  }
}

describe('admin CLI (spawned)', () => {
  it('manages users end to end against a data directory', async () => {
    const add = await admin(
      '--data-dir',
      'data',
      '--domain',
      'acme.test',
      'user',
      'add',
      'alice@acme.test',
      '--name',
      'Alice Archer',
      '--password',
      'first-password',
    );
    expect(add).toEqual({ code: 0, stdout: 'Added alice@acme.test (Alice Archer).\n', stderr: '' });
    expect((await login('alice@acme.test', 'first-password')).ok).toBe(true);

    const generated = await admin(
      'user',
      'add',
      'bob@acme.test',
      '--name',
      'Bob Baker',
      '--data-dir',
      'data',
    );
    expect(generated.code).toBe(0);
    const bobPassword = /shown only this once\): (\S+)/.exec(generated.stdout)?.[1] ?? '';
    expect((await login('bob@acme.test', bobPassword)).ok).toBe(true);

    const duplicate = await admin(
      '--data-dir',
      'data',
      'user',
      'add',
      'alice@acme.test',
      '--name',
      'Again',
      '--password',
      'whatever1',
    );
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr).toMatch(/already exists/);

    const outsider = await admin(
      '--data-dir',
      'data',
      'user',
      'add',
      'mallory@evil.test',
      '--name',
      'Mallory',
      '--password',
      'whatever1',
    );
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/outside the organisation's domain acme\.test/);

    const disable = await admin('--data-dir', 'data', 'user', 'disable', 'bob@acme.test');
    expect(disable.code).toBe(0);
    expect(await login('bob@acme.test', bobPassword)).toMatchObject({
      ok: false,
      message: 'account disabled',
    });

    const list = await admin('--data-dir', 'data', 'user', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/alice@acme\.test\s+Alice Archer\s+enabled/);
    expect(list.stdout).toMatch(/bob@acme\.test\s+Bob Baker\s+disabled/);
    expect(list.stdout).not.toMatch(/scrypt|\$/);

    const reset = await admin(
      '--data-dir',
      'data',
      'user',
      'reset-password',
      'alice@acme.test',
      '--password',
      'second-password',
    );
    expect(reset.code).toBe(0);
    expect((await login('alice@acme.test', 'second-password')).ok).toBe(true);
    expect((await login('alice@acme.test', 'first-password')).ok).toBe(false);
  });

  it('manages integration tokens: printed once on the last line, never listed, revoked and rotated', async () => {
    const setup = await admin(
      '--data-dir',
      'data',
      '--domain',
      'acme.test',
      'user',
      'add',
      'alice@acme.test',
      '--name',
      'Alice',
      '--password',
      'first-password',
    );
    expect(setup.code).toBe(0);
    const resolve = async (token: string) => {
      const store = openSqliteStore(databaseFile(join(base, 'data')));
      try {
        return await new IntegrationService(store).resolve(token);
      } finally {
        await store.close();
      }
    };
    const lastLine = (stdout: string) => stdout.trimEnd().split('\n').at(-1) ?? '';

    const add = await admin(
      '--data-dir',
      'data',
      'integration',
      'add',
      'phone',
      '--scopes',
      'presence:read,presence:write',
    );
    expect(add).toMatchObject({ code: 0, stderr: '' });
    const token = lastLine(add.stdout);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(add.stdout.split(token)).toHaveLength(2);
    expect(await resolve(token)).toMatchObject({
      name: 'phone',
      scopes: ['presence:read', 'presence:write'],
    });

    const duplicate = await admin(
      '--data-dir',
      'data',
      'integration',
      'add',
      'phone',
      '--scopes',
      'presence:read',
    );
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr).toMatch(/already exists/);
    const badScope = await admin(
      '--data-dir',
      'data',
      'integration',
      'add',
      'x',
      '--scopes',
      'presence:admin',
    );
    expect(badScope.code).toBe(1);
    expect(badScope.stderr).toMatch(/unknown scope "presence:admin"/);
    expect((await admin('--data-dir', 'data', 'integration', 'add', 'x')).code).toBe(2);
    expect((await admin('--data-dir', 'data', 'integration', 'list', '--scopes', 'presence:read')).code).toBe(
      2,
    );

    const rotate = await admin('--data-dir', 'data', 'integration', 'rotate', 'phone');
    expect(rotate.code).toBe(0);
    const rotated = lastLine(rotate.stdout);
    expect(rotated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated).not.toBe(token);
    expect(await resolve(token)).toBeNull();
    expect(await resolve(rotated)).toMatchObject({ name: 'phone' });

    const list = await admin('--data-dir', 'data', 'integration', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/phone\s+presence:read,presence:write\s+active/);
    expect(list.stdout).not.toContain(token);
    expect(list.stdout).not.toContain(rotated);

    const revoke = await admin('--data-dir', 'data', 'integration', 'revoke', 'phone');
    expect(revoke).toMatchObject({
      code: 0,
      stdout: 'Revoked integration phone; its token no longer works.\n',
    });
    expect(await resolve(rotated)).toBeNull();
    expect((await admin('--data-dir', 'data', 'integration', 'list')).stdout).toMatch(
      /phone\s+\S+\s+revoked/,
    );
    const again = await admin('--data-dir', 'data', 'integration', 'revoke', 'phone');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no integration named phone/);
  });

  it('exits 2 on an unknown command and 0 with usage on --help', async () => {
    const unknown = await admin('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const help = await admin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Beacon administration/);
  });

  it('resolves a relative --data-dir against the directory the user ran npm from', async () => {
    const result = await admin('--data-dir', 'nowhere', 'user', 'list');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(base, 'nowhere'));
  });
});
