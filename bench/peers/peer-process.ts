import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import type { RunningProcess } from '../lib/child';
import { sleep } from '../lib/clock';
import { type XmppAddress, xmppUrl } from './xmpp-client';
import { XmlStreamSplitter } from './xmpp-xml';

/** `name` on the PATH, or null. */
export function findExecutable(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A port nobody listens on right now (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServiceUser {
  uid: number;
  gid: number;
}

/**
 * When the benchmark runs as root, the peer runs as the system user its Debian package
 * created (`prosody`, `ejabberd`): neither needs root, and Prosody refuses it. As anyone
 * else, it runs as that user.
 */
export function serviceUser(name: string): ServiceUser | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) return null;
  return { uid: Number(uid), gid: Number(gid) };
}

/** Hands a prepared directory to the user the peer runs as. */
export function handOver(dir: string, user: ServiceUser | null): void {
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, dir]);
}

/** Resolves once the server answers a stream header with its features: it accepts clients. */
async function waitForStream(address: XmppAddress, timeoutMs: number, exited: () => string | null) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const exit = exited();
    if (exit !== null) throw new Error(`exited before accepting clients (${exit})`);
    if (await streamAnswers(address)) return;
    if (performance.now() > deadline) throw new Error(`no XMPP stream within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function streamAnswers({ host, port, domain }: XmppAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host, port });
    const splitter = new XmlStreamSplitter();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      try {
        if (splitter.push(chunk).some((e) => e.kind === 'element' && e.element.name === 'stream:features'))
          done(true);
      } catch {
        done(false);
      }
    });
    socket.once('connect', () =>
      socket.write(
        `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`,
      ),
    );
  });
}

/**
 * Starts a peer server as a child process: through `sh` only to raise the open-files
 * limit to the hard one (10,000 sockets), then `exec`, so the pid is the server's own
 * (/proc figures). Resolves once it serves XMPP streams on `address`.
 */
export async function startPeerProcess(
  command: string,
  args: string[],
  options: { address: XmppAddress; cwd: string; env: NodeJS.ProcessEnv; user: ServiceUser | null },
): Promise<RunningProcess> {
  const child = spawn(
    '/bin/sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', command, ...args],
    {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exitStatus = () =>
    child.exitCode !== null || child.signalCode !== null ? String(child.exitCode ?? child.signalCode) : null;
  try {
    await waitForStream(options.address, 60_000, exitStatus);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${command}: ${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  if (child.pid === undefined) throw new Error('no pid');
  return {
    child,
    pid: child.pid,
    url: xmppUrl(options.address),
    stderr: () => output,
    async stop(graceMs = 15_000) {
      if (exitStatus() !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
