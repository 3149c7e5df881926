import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeDomain } from '../accounts/accounts';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';

export const DEFAULT_DATA_DIR = '.data';
export const DATABASE_FILE_NAME = 'beacon.db';
const DOMAIN_SETTING = 'org.domain';

/**
 * The directory the user means, absolute: `--data-dir`, else `BEACON_DATA_DIR`, else
 * `.data`. Relative paths are resolved against the directory the user ran the command
 * in: npm runs workspace scripts inside `server/` but sets `INIT_CWD` to the original one.
 */
export function resolveDataDir(flag?: string, baseDir = process.env.INIT_CWD ?? process.cwd()): string {
  const chosen = nonEmpty(flag) ?? nonEmpty(process.env.BEACON_DATA_DIR) ?? DEFAULT_DATA_DIR;
  return resolve(baseDir, chosen);
}

export function databaseFile(dataDir: string): string {
  return join(dataDir, DATABASE_FILE_NAME);
}

export function hasDatabase(dataDir: string): boolean {
  return existsSync(databaseFile(dataDir));
}

export interface OrgConfig {
  /** The organisation's mail domain, lower-cased. */
  domain: string;
}

export class OrgConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrgConfigError';
  }
}

/** The organisation's persisted configuration, or null before the first start. Takes a data dir or an open store. */
export async function readOrgConfig(source: string | Store): Promise<OrgConfig | null> {
  return withStore(source, async (store) => {
    const domain = await store.settings.get(DOMAIN_SETTING);
    return domain === null ? null : { domain };
  });
}

/** Persists the organisation's configuration (overwrites). Takes a data dir or an open store. */
export async function writeOrgConfig(source: string | Store, config: OrgConfig): Promise<void> {
  const domain = requireDomain(config.domain);
  await withStore(source, (store) => store.settings.set(DOMAIN_SETTING, domain));
}

/**
 * The organisation's domain for this data dir. The first start fixes it (from `domain`,
 * or `acme.test` with `demo`); later starts must agree with it or pass nothing.
 */
export async function settleOrgDomain(
  store: Store,
  options: { domain?: string | undefined; demo?: boolean; demoDomain?: string },
): Promise<string> {
  const requested = options.domain === undefined ? undefined : requireDomain(options.domain);
  const demoDomain = options.demo ? (options.demoDomain ?? 'acme.test') : undefined;
  if (requested !== undefined && demoDomain !== undefined && requested !== demoDomain) {
    throw new OrgConfigError(
      `--demo seeds the organisation ${demoDomain}; it cannot be combined with --domain ${requested}`,
    );
  }
  const wanted = requested ?? demoDomain;
  const stored = (await readOrgConfig(store))?.domain;
  if (stored === undefined) {
    if (wanted === undefined) {
      throw new OrgConfigError(
        "the organisation's mail domain is not set yet: pass --domain <your-domain> (e.g. --domain example.com) or --demo",
      );
    }
    return store.settings.setIfAbsent(DOMAIN_SETTING, wanted);
  }
  if (wanted !== undefined && wanted !== stored) {
    throw new OrgConfigError(
      `this data directory belongs to the organisation ${stored}, not ${wanted}; ` +
        'use another --data-dir for another organisation',
    );
  }
  return stored;
}

function requireDomain(raw: string): string {
  const domain = normalizeDomain(raw);
  if (!domain)
    throw new OrgConfigError(`"${raw}" is not a mail domain (expected something like example.com)`);
  return domain;
}

async function withStore<T>(source: string | Store, use: (store: Store) => Promise<T>): Promise<T> {
  if (typeof source !== 'string') return use(source);
  const store = openSqliteStore(databaseFile(source));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
