/** Where a PostgreSQL connection URL points, for logs and error messages: never its password. */
export interface DatabaseTarget {
  host: string;
  port: number;
  /** Empty in the URL: PostgreSQL uses the user's name. */
  database: string;
  user: string | null;
  /** The URL with its password replaced by `***`. */
  masked: string;
}

const PROTOCOLS = new Set(['postgres:', 'postgresql:']);
const DEFAULT_PORT = 5432;
const MASK = '***';

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/**
 * Reads a `postgres://user:password@host:port/database` URL. Throws `DatabaseUrlError` without
 * repeating the URL (it may hold a password) when it is not one.
 */
export function databaseTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(
      'the database URL is not a URL: expected postgres://user:password@host:port/database',
    );
  }
  if (!PROTOCOLS.has(parsed.protocol)) {
    throw new DatabaseUrlError(
      `the database URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
    );
  }
  const user = parsed.username === '' ? null : decodeURIComponent(parsed.username);
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port === '' ? DEFAULT_PORT : Number(parsed.port);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || (user ?? '');
  if (parsed.password !== '') parsed.password = MASK;
  return { host, port, database, user, masked: parsed.href };
}

/** The URL with its password masked; a text that is no URL at all is hidden entirely. */
export function maskDatabaseUrl(url: string): string {
  try {
    return databaseTarget(url).masked;
  } catch {
    return MASK;
  }
}

/** `text` with the URL's password (as given and decoded) replaced by `***`: for driver errors. */
export function scrubPassword(url: string, text: string): string {
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (password === '') return text;
  let scrubbed = text.split(password).join(MASK);
  const decoded = safeDecode(password);
  if (decoded !== '') scrubbed = scrubbed.split(decoded).join(MASK);
  return scrubbed;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
