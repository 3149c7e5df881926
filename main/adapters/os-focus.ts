import { createRequire } from 'node:module';
import { release } from 'node:os';
import type { OsFocusPort } from '../focus/os-focus';
import { createOsFocusSource } from '../focus/os-focus-sources';
import type { Logger } from '../logger';

/**
 * The OS focus source for this machine, over the optional native modules
 * (`windows-focus-assist`, `windows-notification-state`, `macos-notification-state`). They are
 * required at run time — never bundled (see electron.vite.config.ts `external`) — and only on
 * the first read, only on their own OS. None on Linux: returns undefined.
 */
export function createOsFocusPort(options: {
  log: Logger;
  appUserModelId: string;
  platform?: NodeJS.Platform;
}): OsFocusPort | undefined {
  const requireModule = createRequire(import.meta.url);
  return createOsFocusSource({
    platform: options.platform ?? process.platform,
    load: (id) => requireModule(id),
    log: options.log,
    appUserModelId: options.appUserModelId,
    osRelease: release(),
  });
}
