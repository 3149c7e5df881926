import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SKIP_MESSAGE = 'skipped: Electron binary not installed';

/**
 * The Electron executable, or null where it is not installed: its download failed during
 * `npm ci` (scripts/install-electron.mjs lets the install go on) or was skipped with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1. `require('electron')` then throws or names a missing file.
 */
export function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}
