import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import { tempDirs } from '../store/sqlite/testing/temp-files';
import type { Store } from '../store/types';
import {
  databaseFile,
  hasDatabase,
  OrgConfigError,
  readOrgConfig,
  resolveDataDir,
  settleOrgDomain,
  writeOrgConfig,
} from './data-dir';

const dirs = tempDirs();
const savedEnv = process.env.BEACON_DATA_DIR;
afterEach(() => {
  dirs.cleanup();
  if (savedEnv === undefined) delete process.env.BEACON_DATA_DIR;
  else process.env.BEACON_DATA_DIR = savedEnv;
});

describe('resolveDataDir', () => {
  beforeEach(() => {
    delete process.env.BEACON_DATA_DIR;
  });

  it('defaults to .data under the base directory', () => {
    expect(resolveDataDir(undefined, '/home/me/project')).toBe('/home/me/project/.data');
  });

  it('resolves a relative flag against the base directory and keeps an absolute one', () => {
    expect(resolveDataDir('var/beacon', '/home/me')).toBe('/home/me/var/beacon');
    expect(resolveDataDir('/srv/beacon', '/home/me')).toBe('/srv/beacon');
  });

  it('uses BEACON_DATA_DIR when no flag is given; the flag wins over it', () => {
    process.env.BEACON_DATA_DIR = '/env/dir';
    expect(resolveDataDir(undefined, '/base')).toBe('/env/dir');
    expect(resolveDataDir('flag', '/base')).toBe('/base/flag');
    process.env.BEACON_DATA_DIR = '  ';
    expect(resolveDataDir(undefined, '/base')).toBe('/base/.data');
  });

  it('prefers INIT_CWD (set by npm) over the process cwd', () => {
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = '/where/the/user/was';
    try {
      expect(resolveDataDir()).toBe('/where/the/user/was/.data');
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });

  it('names the database file', () => {
    expect(databaseFile('/srv/beacon')).toBe('/srv/beacon/beacon.db');
  });
});

describe('organisation config', () => {
  it('reads and writes the domain through a data dir', async () => {
    const dataDir = join(dirs.make(), 'data');
    expect(hasDatabase(dataDir)).toBe(false);
    expect(await readOrgConfig(dataDir)).toBeNull();
    expect(hasDatabase(dataDir)).toBe(true);
    await writeOrgConfig(dataDir, { domain: 'Example.COM' });
    expect(await readOrgConfig(dataDir)).toEqual({ domain: 'example.com' });
    await expect(writeOrgConfig(dataDir, { domain: 'not a domain' })).rejects.toBeInstanceOf(OrgConfigError);
  });

  describe('settleOrgDomain', () => {
    let store: Store;
    beforeEach(() => {
      store = openSqliteStore(':memory:');
    });
    afterEach(() => store.close());

    it('fixes the domain at the first start and keeps it', async () => {
      expect(await settleOrgDomain(store, { domain: 'Example.com' })).toBe('example.com');
      expect(await settleOrgDomain(store, {})).toBe('example.com');
      expect(await settleOrgDomain(store, { domain: 'example.com' })).toBe('example.com');
      expect(await readOrgConfig(store)).toEqual({ domain: 'example.com' });
    });

    it('uses acme.test for the demo', async () => {
      expect(await settleOrgDomain(store, { demo: true })).toBe('acme.test');
      expect(await settleOrgDomain(store, { demo: true, domain: 'acme.test' })).toBe('acme.test');
    });

    it('refuses a fresh start without a domain', async () => {
      await expect(settleOrgDomain(store, {})).rejects.toThrow(/pass --domain/);
    });

    it('refuses another domain than the stored one', async () => {
      await settleOrgDomain(store, { domain: 'example.com' });
      await expect(settleOrgDomain(store, { domain: 'other.org' })).rejects.toThrow(
        /belongs to the organisation example\.com, not other\.org/,
      );
      await expect(settleOrgDomain(store, { demo: true })).rejects.toThrow(OrgConfigError);
    });

    it('refuses --demo with another --domain, and invalid domains', async () => {
      await expect(settleOrgDomain(store, { demo: true, domain: 'example.com' })).rejects.toThrow(/--demo/);
      await expect(settleOrgDomain(store, { domain: 'bad domain' })).rejects.toThrow(/not a mail domain/);
      expect(await readOrgConfig(store)).toBeNull();
    });
  });
});
