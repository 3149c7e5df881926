import { type ChildProcessByStdio, type SpawnOptions, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs a TypeScript file in a plain `node` process with tsx's loader, so the child's pid
 * is the script's own (the `tsx` binary forks a grandchild, which a SIGKILL would miss).
 */
export function spawnTs(
  script: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): ChildProcessByStdio<Writable, Readable, Readable> {
  return spawn(process.execPath, ['--import', tsxLoader, script, ...args], {
    ...options,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs a TypeScript file to completion (stdin closed, not a terminal) and collects its output. */
export function runTs(
  script: string,
  args: readonly string[],
  options: Omit<SpawnOptions, 'stdio'> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnTs(script, args, options);
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
