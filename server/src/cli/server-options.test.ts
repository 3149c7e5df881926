import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseServerCli, SERVER_USAGE, UsageError } from './server-options';

const BASE = ['--data-dir', '/tmp/beacon-cli-test'];

function parsed(args: string[]) {
  const options = parseServerCli([...BASE, ...args]);
  if (options === 'help') throw new Error('expected options, got help');
  return options;
}

describe('server CLI options', () => {
  it('lists the Messages v2 and Files flags in --help', () => {
    expect(parseServerCli(['--help'])).toBe('help');
    for (const flag of [
      '--message-edit-window <minutes>',
      '--file-max-bytes <n>',
      '--clamd-socket <path>',
      '--clamd-host <host>',
      '--clamd-port <n>',
    ]) {
      expect(SERVER_USAGE).toContain(flag);
    }
  });

  it('turns --message-edit-window minutes into messageEditWindowMs (default: no window)', () => {
    expect(parsed([]).messageEditWindowMs).toBeNull();
    expect(parsed(['--message-edit-window', '15']).messageEditWindowMs).toBe(900_000);
    expect(parsed(['--message-edit-window', '0.5']).messageEditWindowMs).toBe(30_000);
    expect(parsed(['--message-edit-window', 'none']).messageEditWindowMs).toBeNull();
  });

  it('refuses an edit window that is not a positive number of minutes', () => {
    for (const bad of ['0', '-5', 'soon', '']) {
      expect(() => parsed(['--message-edit-window', bad])).toThrow(UsageError);
    }
    expect(() => parsed(['--message-edit-window', 'soon'])).toThrow(/--message-edit-window must be/);
  });

  it('reads the file and clamd flags', () => {
    expect(
      parsed(['--file-max-bytes', '1024', '--clamd-host', 'scanner', '--clamd-port', '3311']),
    ).toMatchObject({ fileMaxBytes: 1024, clamdHost: 'scanner', clamdPort: 3311 });
    expect(parsed(['--clamd-socket', 'none']).clamdSocket).toBeNull();
    expect(() => parsed(['--clamd-port', '70000'])).toThrow(/--clamd-port/);
  });

  it('reads --recording-notice: the default text, a given one trimmed, "" for none', () => {
    expect(SERVER_USAGE).toContain('--recording-notice <text>');
    expect(parsed([]).recordingNotice).toBe('Messages in this organisation are recorded.');
    expect(parsed(['--recording-notice', ' Chats are archived for 7 years. ']).recordingNotice).toBe(
      'Chats are archived for 7 years.',
    );
    expect(parsed(['--recording-notice', '']).recordingNotice).toBeNull();
    expect(parsed(['--recording-notice', '   ']).recordingNotice).toBeNull();
  });

  it('refuses a recording notice over 500 characters, saying how long it was', () => {
    expect(parsed(['--recording-notice', 'x'.repeat(500)]).recordingNotice).toHaveLength(500);
    expect(() => parsed(['--recording-notice', 'x'.repeat(501)])).toThrow(UsageError);
    expect(() => parsed(['--recording-notice', 'x'.repeat(501)])).toThrow(
      '--recording-notice must be at most 500 characters, got 501',
    );
  });

  describe('--store, --database-url, --database-schema', () => {
    const URL = 'postgres://beacon:pw@db.example.com:5432/beacon';
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('lists them in --help', () => {
      for (const flag of ['--store <kind>', '--database-url <url>', '--database-schema <name>']) {
        expect(SERVER_USAGE).toContain(flag);
      }
    });

    it('defaults to SQLite in the data dir, ignoring $BEACON_DATABASE_URL', () => {
      vi.stubEnv('BEACON_DATABASE_URL', URL);
      const options = parsed([]);
      expect(options).toMatchObject({ store: 'sqlite', databaseSchema: 'public' });
      expect(options.databaseUrl).toBeUndefined();
    });

    it('reads PostgreSQL from the flags, the schema defaulting to public', () => {
      expect(parsed(['--store', 'postgres', '--database-url', URL])).toMatchObject({
        store: 'postgres',
        databaseUrl: URL,
        databaseSchema: 'public',
      });
      expect(
        parsed(['--store', 'postgres', '--database-url', URL, '--database-schema', 'beacon']).databaseSchema,
      ).toBe('beacon');
    });

    it('takes the URL from $BEACON_DATABASE_URL, the flag winning', () => {
      vi.stubEnv('BEACON_DATABASE_URL', URL);
      expect(parsed(['--store', 'postgres']).databaseUrl).toBe(URL);
      const other = 'postgres://beacon@other.example.com/beacon';
      expect(parsed(['--store', 'postgres', '--database-url', other]).databaseUrl).toBe(other);
    });

    it('refuses PostgreSQL without a URL, and the database flags without PostgreSQL', () => {
      vi.stubEnv('BEACON_DATABASE_URL', '');
      expect(() => parsed(['--store', 'postgres'])).toThrow(/--store postgres needs --database-url/);
      expect(() => parsed(['--database-url', URL])).toThrow('--database-url needs --store postgres');
      expect(() => parsed(['--database-schema', 'beacon'])).toThrow(
        '--database-schema needs --store postgres',
      );
      expect(() => parsed(['--store', 'mysql'])).toThrow(
        '--store must be one of sqlite, postgres, got "mysql"',
      );
    });

    it('refuses a URL that is not postgres:// without repeating it, and a schema that needs quoting', () => {
      for (const bad of ['mysql://root:hunter2@db/beacon', 'not a url hunter2']) {
        let message = '';
        try {
          parsed(['--store', 'postgres', '--database-url', bad]);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          message = (error as Error).message;
        }
        expect(message).toMatch(/^--database-url: /);
        expect(message).not.toContain('hunter2');
      }
      expect(() =>
        parsed(['--store', 'postgres', '--database-url', URL, '--database-schema', 'Beacon-1']),
      ).toThrow(/--database-schema: schema name "Beacon-1" is not allowed/);
    });
  });

  it('serves metrics unless --no-metrics', () => {
    expect(SERVER_USAGE).toContain('--no-metrics');
    expect(parsed([]).metrics).toBe(true);
    expect(parsed(['--no-metrics']).metrics).toBe(false);
  });
});
