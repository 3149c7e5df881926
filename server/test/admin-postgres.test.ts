import { afterAll, describe, expect, it } from 'vitest';
import {
  postgresOrSkipReason,
  scratchSchemas,
  TEST_DATABASE_URL,
} from '../src/store/contract/postgres-test-database';
import { runAdminInProcess } from './helpers/admin';
import { startTestServer } from './helpers/test-server';

const unavailable = await postgresOrSkipReason();
const schemas = scratchSchemas();
const cheapHashing = { hashParams: { N: 1024, r: 8, p: 1 } };

describe.skipIf(unavailable !== null)('npm run admin on PostgreSQL (--store postgres)', () => {
  const schema = schemas.name();
  const flags = ['--store', 'postgres', '--database-url', TEST_DATABASE_URL, '--database-schema', schema];
  afterAll(() => schemas.dropAll());

  it('sets up an organisation, adds and disables users in the database the nodes share', async () => {
    const added = await runAdminInProcess(
      '/nonexistent',
      [
        ...flags,
        '--domain',
        'pg.test',
        'user',
        'add',
        'root@pg.test',
        '--name',
        'Root Admin',
        '--password',
        'correct horse battery',
        '--role',
        'admin',
      ],
      cheapHashing,
    );
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(added.out).toContain('Added root@pg.test (Root Admin)');
    const second = await runAdminInProcess(
      '/nonexistent',
      [...flags, 'user', 'add', 'sam@pg.test', '--name', 'Sam Smith', '--password', 'another long password'],
      cheapHashing,
    );
    expect(second.code).toBe(0);

    const node = await startTestServer({
      demo: false,
      store: 'postgres',
      databaseUrl: TEST_DATABASE_URL,
      databaseSchema: schema,
    });
    try {
      expect((await node.login('sam@pg.test', 'another long password')).status).toBe(200);
      const disabled = await runAdminInProcess('/nonexistent', [...flags, 'user', 'disable', 'sam@pg.test']);
      expect(disabled.code).toBe(0);
      expect((await node.login('sam@pg.test', 'another long password')).status).toBe(401);
      // The compliance commands too: the audit log is the shared database's.
      const audit = await runAdminInProcess('/nonexistent', [...flags, 'audit', 'list']);
      expect(audit.code).toBe(0);
      expect(audit.out).toMatch(/user\.add[\s\S]*user\.disable|user\.disable[\s\S]*user\.add/);
      const listed = await runAdminInProcess('/nonexistent', [...flags, 'user', 'list']);
      expect(listed.out).toMatch(/root@pg\.test.*admin/);
      expect(listed.out).toMatch(/sam@pg\.test.*disabled/);
    } finally {
      await node.close();
    }
  });

  it('refuses a database URL without --store postgres, as the server does', async () => {
    const refused = await runAdminInProcess('/nonexistent', [
      '--database-url',
      TEST_DATABASE_URL,
      'user',
      'list',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--database-url needs --store postgres');
  });
});
