import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords';
import { FAST_SCRYPT_PARAMS } from '../auth/testing';
import { databaseFile, readOrgConfig, writeOrgConfig } from '../config/data-dir';
import { openSqliteStore } from '../store/sqlite';
import { tempDirs } from '../store/sqlite/testing/temp-files';
import { ADMIN_USAGE, type AdminIo, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runAdmin } from './admin-cli';
import { PromptCancelled } from './hidden-prompt';

const dirs = tempDirs();
let base: string;

interface Run {
  code: number;
  out: string;
  err: string;
  prompts: string[];
}

async function run(argv: string[], options: { tty?: boolean; answers?: string[] } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const prompts: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: AdminIo = {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    stdinIsTTY: options.tty ?? false,
    promptHidden: async (question) => {
      prompts.push(question);
      const answer = answers.shift();
      if (answer === undefined) throw new PromptCancelled();
      return answer;
    },
    baseDir: base,
    hashParams: FAST_SCRYPT_PARAMS,
  };
  const code = await runAdmin(argv, io);
  return { code, out, err, prompts };
}

async function storedUser(email: string) {
  const store = openSqliteStore(databaseFile(join(base, 'data')));
  try {
    return await store.users.byEmail(email);
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  base = dirs.make();
  await writeOrgConfig(join(base, 'data'), { domain: 'acme.test' });
});
afterEach(() => dirs.cleanup());

const D = ['--data-dir', 'data'];

describe('admin CLI (in process)', () => {
  it('prints help', async () => {
    const result = await run(['--help']);
    expect(result).toMatchObject({ code: EXIT_OK, out: ADMIN_USAGE, err: '' });
    expect(ADMIN_USAGE).toContain('user reset-password <email>');
  });

  it.each([
    [[], /missing command/],
    [['frob'], /unknown command "frob"/],
    [['user'], /missing user command/],
    [['user', 'frob'], /unknown command "user frob"/],
    [['user', 'add', 'a@acme.test'], /needs --name/],
    [['user', 'add', '--name', 'A'], /needs an e-mail/],
    [['user', 'list', 'extra'], /unexpected argument "extra"/],
    [['user', 'disable', 'a@acme.test', 'b@acme.test'], /unexpected argument/],
    [['user', 'list', '--name', 'x'], /does not take --name/],
    [['user', 'list', '--bogus'], /bogus/],
    [['user', 'add', 'a@acme.test', '--name'], /name/],
  ])('answers usage errors with exit code 2: %j', async (argv, message) => {
    const result = await run([...D, ...argv]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toMatch(message);
    expect(result.err).toContain('--help');
    expect(result.out).toBe('');
  });

  it('adds a user with a given password', async () => {
    const result = await run([
      ...D,
      'user',
      'add',
      'Alice@acme.test',
      '--name',
      'Alice Archer',
      '--password',
      'pw-alice-1',
    ]);
    expect(result).toMatchObject({ code: EXIT_OK, out: 'Added alice@acme.test (Alice Archer).\n', err: '' });
    const user = await storedUser('alice@acme.test');
    expect(user && (await verifyPassword('pw-alice-1', user.passwordHash))).toBe(true);
    expect(result.out).not.toContain('scrypt');
  });

  it('generates and prints a password once when stdin is not a terminal', async () => {
    const result = await run([...D, 'user', 'add', 'bob@acme.test', '--name', 'Bob Baker']);
    expect(result.code).toBe(EXIT_OK);
    const match = /shown only this once\): (\S+)\n/.exec(result.out);
    expect(match).not.toBeNull();
    const user = await storedUser('bob@acme.test');
    expect(user && (await verifyPassword(match?.[1] ?? '', user.passwordHash))).toBe(true);
    expect(result.prompts).toEqual([]);
  });

  it('asks twice for a password at a terminal', async () => {
    const result = await run([...D, 'user', 'add', 'carol@acme.test', '--name', 'Carol'], {
      tty: true,
      answers: ['typed-secret', 'typed-secret'],
    });
    expect(result.code).toBe(EXIT_OK);
    expect(result.prompts).toEqual(['New password: ', 'Repeat the password: ']);
    expect(result.out).not.toContain('typed-secret');
    const user = await storedUser('carol@acme.test');
    expect(user && (await verifyPassword('typed-secret', user.passwordHash))).toBe(true);
  });

  it('changes nothing when the typed passwords differ or the prompt is cancelled', async () => {
    const mismatch = await run([...D, 'user', 'add', 'dave@acme.test', '--name', 'Dave'], {
      tty: true,
      answers: ['one-password', 'another-one'],
    });
    expect(mismatch).toMatchObject({
      code: EXIT_FAILURE,
      err: 'error: the passwords do not match; nothing was changed\n',
    });
    const cancelled = await run([...D, 'user', 'add', 'dave@acme.test', '--name', 'Dave'], {
      tty: true,
      answers: [],
    });
    expect(cancelled).toMatchObject({ code: EXIT_FAILURE, err: 'error: cancelled; nothing was changed\n' });
    expect(await storedUser('dave@acme.test')).toBeNull();
  });

  it('refuses duplicates, outsiders and bad input with exit code 1', async () => {
    await run([...D, 'user', 'add', 'erin@acme.test', '--name', 'Erin', '--password', 'password1']);
    const duplicate = await run([
      ...D,
      'user',
      'add',
      'ERIN@acme.test',
      '--name',
      'Erin 2',
      '--password',
      'password1',
    ]);
    expect(duplicate).toMatchObject({
      code: EXIT_FAILURE,
      err: 'error: a user erin@acme.test already exists\n',
    });
    const outsider = await run([
      ...D,
      'user',
      'add',
      'eve@evil.test',
      '--name',
      'Eve',
      '--password',
      'password1',
    ]);
    expect(outsider.code).toBe(EXIT_FAILURE);
    expect(outsider.err).toMatch(/outside the organisation's domain acme\.test/);
    const badEmail = await run([...D, 'user', 'add', 'nope', '--name', 'N', '--password', 'password1']);
    expect(badEmail.err).toMatch(/not an e-mail address/);
    const shortPassword = await run([
      ...D,
      'user',
      'add',
      'f@acme.test',
      '--name',
      'F',
      '--password',
      'short',
    ]);
    expect(shortPassword.err).toMatch(/at least 8/);
  });

  it('lists users as a table', async () => {
    await run([...D, 'user', 'add', 'zed@acme.test', '--name', 'Zed Zulu', '--password', 'password1']);
    await run([...D, 'user', 'add', 'amy@acme.test', '--name', 'Amy', '--password', 'password1']);
    await run([...D, 'user', 'disable', 'zed@acme.test']);
    const result = await run([...D, 'user', 'list']);
    expect(result.code).toBe(EXIT_OK);
    expect(result.out).toBe(
      [
        'EMAIL          NAME      STATUS    ROLES',
        'amy@acme.test  Amy       enabled   member',
        'zed@acme.test  Zed Zulu  disabled  member',
        '2 users',
        '',
      ].join('\n'),
    );
    expect(result.out).not.toContain('scrypt');
  });

  it('says so when there are no users', async () => {
    expect((await run([...D, 'user', 'list'])).out).toBe('No users yet.\n');
  });

  it('disables, enables and reports unknown users', async () => {
    await run([...D, 'user', 'add', 'gina@acme.test', '--name', 'Gina', '--password', 'password1']);
    expect(await run([...D, 'user', 'disable', 'Gina@acme.test'])).toMatchObject({
      code: EXIT_OK,
      out: 'Disabled gina@acme.test; their sessions have ended.\n',
    });
    expect((await storedUser('gina@acme.test'))?.disabled).toBe(true);
    expect(await run([...D, 'user', 'enable', 'gina@acme.test'])).toMatchObject({ code: EXIT_OK });
    expect((await storedUser('gina@acme.test'))?.disabled).toBe(false);
    expect(await run([...D, 'user', 'disable', 'ghost@acme.test'])).toMatchObject({
      code: EXIT_FAILURE,
      err: 'error: no user ghost@acme.test\n',
    });
  });

  it('resets a password, prompting only for a known user', async () => {
    await run([...D, 'user', 'add', 'hank@acme.test', '--name', 'Hank', '--password', 'password1']);
    const unknown = await run([...D, 'user', 'reset-password', 'ghost@acme.test'], {
      tty: true,
      answers: ['x', 'x'],
    });
    expect(unknown).toMatchObject({ code: EXIT_FAILURE, prompts: [] });

    const typed = await run([...D, 'user', 'reset-password', 'hank@acme.test'], {
      tty: true,
      answers: ['brand-new-pw', 'brand-new-pw'],
    });
    expect(typed.code).toBe(EXIT_OK);
    const user = await storedUser('hank@acme.test');
    expect(user && (await verifyPassword('brand-new-pw', user.passwordHash))).toBe(true);

    const generated = await run([...D, 'user', 'reset-password', 'hank@acme.test']);
    expect(generated.out).toMatch(/Generated password for hank@acme.test/);
  });

  it('refuses to create a database by accident', async () => {
    const result = await run(['--data-dir', 'typo', 'user', 'list']);
    expect(result.code).toBe(EXIT_FAILURE);
    expect(result.err).toMatch(/no Beacon database in .*typo/);
    const add = await run([
      '--data-dir',
      'typo',
      'user',
      'add',
      'a@acme.test',
      '--name',
      'A',
      '--password',
      'password1',
    ]);
    expect(add.code).toBe(EXIT_FAILURE);
  });

  it('sets up a new organisation when --domain is given to the first add', async () => {
    const result = await run([
      '--data-dir',
      'fresh',
      '--domain',
      'example.com',
      'user',
      'add',
      'root@example.com',
      '--name',
      'Root',
      '--password',
      'password1',
    ]);
    expect(result.code).toBe(EXIT_OK);
    expect(await readOrgConfig(join(base, 'fresh'))).toEqual({ domain: 'example.com' });
  });

  it('refuses a --domain that contradicts the data directory', async () => {
    const result = await run([...D, '--domain', 'other.org', 'user', 'list']);
    expect(result.code).toBe(EXIT_FAILURE);
    expect(result.err).toMatch(/belongs to the organisation acme\.test, not other\.org/);
  });
});
