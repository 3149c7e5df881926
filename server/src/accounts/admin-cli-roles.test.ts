import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPLIANCE_USAGE } from '../compliance/cli/dispatch';
import { ADMIN_USAGE, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './admin-cli';
import { adminHarness } from './testing/run-admin';

const admin = adminHarness();
beforeEach(() => admin.setUp());
afterEach(() => admin.tearDown());

const rolesOf = (email: string) =>
  admin.withStore(async (store) => (await store.users.byEmail(email))?.roles);
const add = (email: string, ...extra: string[]) =>
  admin.run([
    'user',
    'add',
    email,
    '--name',
    email.split('@')[0] ?? 'x',
    '--password',
    'password1',
    ...extra,
  ]);

describe('admin CLI roles', () => {
  it('adds a user with roles, given repeated or comma-separated', async () => {
    expect(await add('ada@acme.test', '--role', 'admin')).toMatchObject({
      code: EXIT_OK,
      out: 'Added ada@acme.test (ada) with the roles admin.\n',
    });
    expect(await rolesOf('ada@acme.test')).toEqual(['admin']);
    await add('cy@acme.test', '--role', 'compliance', '--role', 'admin');
    await add('di@acme.test', '--role', 'Compliance, admin');
    await add('ed@acme.test', '--role', 'member');
    expect(await rolesOf('cy@acme.test')).toEqual(['admin', 'compliance']);
    expect(await rolesOf('di@acme.test')).toEqual(['admin', 'compliance']);
    expect(await rolesOf('ed@acme.test')).toEqual([]);
  });

  it('replaces roles with "user roles --set", and --set member clears them', async () => {
    await add('bo@acme.test');
    expect(await admin.run(['user', 'roles', 'BO@acme.test', '--set', 'admin,compliance'])).toMatchObject({
      code: EXIT_OK,
      out: 'bo@acme.test is now admin, compliance (was member).\n',
      err: '',
    });
    expect(await rolesOf('bo@acme.test')).toEqual(['admin', 'compliance']);
    expect((await admin.run(['user', 'roles', 'bo@acme.test', '--set', 'member'])).out).toBe(
      'bo@acme.test is now member (was admin, compliance).\n',
    );
    expect(await rolesOf('bo@acme.test')).toEqual([]);
  });

  it('shows roles in "user list"', async () => {
    await add('ada@acme.test', '--role', 'admin,compliance');
    await add('bo@acme.test');
    expect((await admin.run(['user', 'list'])).out).toBe(
      [
        'EMAIL          NAME  STATUS   ROLES',
        'ada@acme.test  ada   enabled  admin,compliance',
        'bo@acme.test   bo    enabled  member',
        '2 users',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['user', 'add', 'x@acme.test', '--name', 'X', '--role', 'root'], /--role: unknown role "root"/],
    [['user', 'add', 'x@acme.test', '--name', 'X', '--role', ','], /--role: give one or more of member/],
    [['user', 'roles', 'x@acme.test'], /"user roles" needs --set/],
    [['user', 'roles', '--set', 'admin'], /"user roles" needs an e-mail address/],
    [
      ['user', 'roles', 'x@acme.test', '--set', 'boss'],
      /unknown role "boss"; the roles are member, admin, compliance/,
    ],
    [['user', 'disable', 'x@acme.test', '--role', 'admin'], /"user disable" does not take --role/],
    [['user', 'list', '--set', 'admin'], /"user list" does not take --set/],
    [['integration', 'list', '--role', 'admin'], /"integration" commands do not take --role/],
    [['bot', 'list', '--set', 'admin'], /"bot" commands do not take --set/],
  ])('refuses bad role arguments with exit code 2: %j', async (argv, message) => {
    const result = await admin.run(argv);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.err).toMatch(message);
    expect(await admin.withStore((store) => store.users.list())).toEqual([]);
  });

  it('refuses roles for an unknown user and for a bot, changing nothing', async () => {
    expect(await admin.run(['user', 'roles', 'ghost@acme.test', '--set', 'admin'])).toMatchObject({
      code: EXIT_FAILURE,
      err: 'error: no user ghost@acme.test\n',
    });
    await admin.run(['bot', 'add', 'alerts@acme.test', '--name', 'Alerts']);
    expect(await admin.run(['user', 'roles', 'alerts@acme.test', '--set', 'admin'])).toMatchObject({
      code: EXIT_FAILURE,
      err: 'error: alerts@acme.test is a bot: bots cannot have roles\n',
    });
    expect(await rolesOf('alerts@acme.test')).toEqual([]);
  });

  it('documents roles and the compliance commands in the help', async () => {
    expect(ADMIN_USAGE).toContain('user roles <email> --set <role,role…>');
    expect(ADMIN_USAGE).toContain('[--role <role,role…>]');
    expect(ADMIN_USAGE).toContain('audit list [--since <date|time>]');
    expect(ADMIN_USAGE).toContain(COMPLIANCE_USAGE);
    expect((await admin.run(['--help'])).out).toBe(ADMIN_USAGE);
  });
});
