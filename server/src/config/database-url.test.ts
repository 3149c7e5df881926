import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, databaseTarget, maskDatabaseUrl, scrubPassword } from './database-url';

describe('database URLs', () => {
  it('names host, port, database and user, and masks the password', () => {
    expect(
      databaseTarget('postgres://beacon:s%40cret@db.example.com:5433/beacon_prod?sslmode=require'),
    ).toEqual({
      host: 'db.example.com',
      port: 5433,
      database: 'beacon_prod',
      user: 'beacon',
      masked: 'postgres://beacon:***@db.example.com:5433/beacon_prod?sslmode=require',
    });
  });

  it("fills in PostgreSQL's defaults: port 5432, the user's name as database, a socket host", () => {
    expect(databaseTarget('postgresql://beacon@db')).toMatchObject({
      port: 5432,
      database: 'beacon',
      masked: 'postgresql://beacon@db',
    });
    expect(databaseTarget('postgres:///beacon?host=/run/postgresql')).toMatchObject({
      host: '/run/postgresql',
      database: 'beacon',
      user: null,
    });
  });

  it('refuses what is not a postgres URL without repeating it', () => {
    for (const bad of ['db.example.com/beacon?password=hunter2', 'mysql://root:hunter2@db/beacon']) {
      expect(() => databaseTarget(bad)).toThrow(DatabaseUrlError);
      expect(() => databaseTarget(bad)).not.toThrow(/hunter2/);
      expect(maskDatabaseUrl(bad)).toBe('***');
    }
  });

  it('scrubs the password, as given and decoded, out of a driver message', () => {
    const url = 'postgres://beacon:s%40cret@db/beacon';
    expect(scrubPassword(url, 'failed for s%40cret and s@cret')).toBe('failed for *** and ***');
    expect(scrubPassword('postgres://beacon@db/beacon', 'no password here')).toBe('no password here');
  });
});
