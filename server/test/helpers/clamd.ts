import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClamdClient } from '../../src/files/clamd-client';

export const CLAMD_BINARY = '/usr/sbin/clamd';

/** Whether Debian's clamav-daemon is installed; tests that need it skip loudly without it. */
export const clamdInstalled = existsSync(CLAMD_BINARY);

if (!clamdInstalled) {
  process.stderr.write(
    `\n*** SKIPPING the ClamAV tests: ${CLAMD_BINARY} is missing (apt-get install clamav-daemon) ***\n\n`,
  );
}

/** The EICAR anti-virus test file: harmless, and detected by our test signature. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
export const TEST_SIGNATURE = 'Beacon-Test-EICAR';
/** clamd appends `.UNOFFICIAL` to signatures of a database it did not get from ClamAV. */
export const TEST_SIGNATURE_REPORTED = `${TEST_SIGNATURE}.UNOFFICIAL`;

export interface TestClamd {
  /** The UNIX socket clamd listens on (stays the same across `stop` / `start`). */
  readonly socket: string;
  readonly running: boolean;
  /** Starts clamd again after `stop`; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops clamd (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops clamd and removes its directory. */
  dispose(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts a private clamd: a temporary directory with its own config (foreground, a UNIX socket
 * only — no TCP —, logs in the directory) and a test signature database holding only the EICAR
 * string as a body signature, so no signature download is needed. Resolves once it answers PING.
 */
export async function startTestClamd(): Promise<TestClamd> {
  if (!clamdInstalled) throw new Error(`${CLAMD_BINARY} is not installed`);
  const dir = mkdtempSync(join(tmpdir(), 'beacon-clamd-'));
  const db = join(dir, 'db');
  const tmp = join(dir, 'tmp');
  mkdirSync(db);
  mkdirSync(tmp);
  const socket = join(dir, 'clamd.sock');
  // An .ndb body signature: Name:TargetType(0 = any):Offset(* = anywhere):hex bytes.
  writeFileSync(join(db, 'beacon-test.ndb'), `${TEST_SIGNATURE}:0:*:${Buffer.from(EICAR).toString('hex')}\n`);
  const conf = join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${db}`,
      `TemporaryDirectory ${tmp}`,
      `LogFile ${join(dir, 'clamd.log')}`,
      'LogSyslog no',
      `PidFile ${join(dir, 'clamd.pid')}`,
      'StreamMaxLength 200M',
      'MaxScanSize 200M',
      'MaxFileSize 200M',
      'SelfCheck 0',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  const client = new ClamdClient({ socket }, { timeoutMs: 2_000 });

  const start = async () => {
    if (child) return;
    rmSync(socket, { force: true });
    const started = spawn(CLAMD_BINARY, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    running.add(started);
    let stderr = '';
    started.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    started.once('exit', () => {
      running.delete(started);
      if (child === started) child = null;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child !== started) throw new Error(`clamd exited during start-up: ${stderr}`);
      try {
        await client.ping();
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`clamd did not answer PING within ${START_TIMEOUT_MS} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };

  const stop = async () => {
    const current = child;
    if (!current) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGTERM');
    const killer = setTimeout(() => current.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
    rmSync(socket, { force: true });
  };

  await start();
  return {
    socket,
    get running() {
      return child !== null;
    },
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
