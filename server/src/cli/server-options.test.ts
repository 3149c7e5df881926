import { describe, expect, it } from 'vitest';
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
});
