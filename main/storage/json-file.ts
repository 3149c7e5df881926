import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from '../logger';

export type JsonReadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; value: unknown }
  | { kind: 'unreadable'; error: string };

/** Reads and parses a JSON file; a missing file is not an error, a corrupt one is reported, never thrown. */
export async function readJsonFile(path: string): Promise<JsonReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return { kind: 'missing' };
    return { kind: 'unreadable', error: errorMessage(error) };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'unreadable', error: `not valid JSON (${errorMessage(error)})` };
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, data, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Keeps a copy of a file the app could not use (corrupt or invalid), next to it, before the
 * app starts over: what the user had is never silently lost. Returns the copy's path.
 */
export async function preserveCopy(path: string, label: string, now: number): Promise<string | null> {
  const copy = `${path}.${label}-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
  try {
    await copyFile(path, copy);
    return copy;
  } catch {
    return null;
  }
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}

/** Runs async tasks one after another (e.g. writes to one file), whatever each one's outcome. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
