import type { FullConfig } from '@playwright/test';
import { ServerProcess } from './support/server-process';
import { ensureWebBuild } from './support/web-build';

/** Builds the web client if needed and starts one demo server for the web specs. */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  ensureWebBuild();
  const server = await ServerProcess.start();
  process.env.BEACON_E2E_URL = server.url;
  return async () => {
    await server.stop();
  };
}
