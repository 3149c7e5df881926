import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `node <nodeArgs>` with the soft open-files limit raised to the hard one (a
 * server holding 10,000 sockets needs more than the common default of 1,024). `exec`
 * keeps the pid, so /proc figures are the node process's own.
 */
export function spawnNode(
  nodeArgs: string[],
  options: { env?: NodeJS.ProcessEnv; ipc?: boolean } = {},
): ChildProcess {
  return spawn(
    '/bin/sh',
    ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...nodeArgs],
    {
      cwd: REPO_ROOT,
      // The IPC channel's descriptor survives the shell's exec.
      stdio: options.ipc ? ['ignore', 'inherit', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    },
  );
}

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** The last few KiB of stderr, for error reports. */
  stderr(): string;
  /** SIGTERM, then SIGKILL if it does not exit within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a server process and resolves once it printed the line `listening` matches (group 1 = URL). */
export async function startProcess(
  nodeArgs: string[],
  listening: RegExp,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningProcess> {
  const child = spawnNode(nodeArgs, { env: options.env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-16_384);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${nodeArgs.join(' ')} did not start within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = listening.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(
        new Error(
          `${nodeArgs.join(' ')} exited before listening (${child.exitCode ?? child.signalCode}):\n${stderr}`,
        ),
      );
    });
  });
  if (child.pid === undefined) throw new Error('no pid');
  return {
    child,
    pid: child.pid,
    url,
    stderr: () => stderr,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
