import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The repository's `deploy/` folder (the deployment kit the deploy-*.test.ts files check). */
export const DEPLOY_DIR = fileURLToPath(new URL('../../../deploy/', import.meta.url));

/** CI services set `CI` (to `true`, `1`, …); a developer's machine usually does not. */
export function isCi(): boolean {
  const value = process.env.CI?.toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Whether `command args…` runs and exits 0 (the tool is installed and works here). */
export function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
  return result.error === undefined && result.status === 0;
}

/**
 * Whether a tool a test needs is here. Missing on a developer's machine: warns loudly and the
 * caller skips. Missing under CI: throws, so CI never passes by skipping.
 */
export function requiredTool(name: string, works: boolean, howToInstall: string): boolean {
  if (works) return true;
  if (isCi()) throw new Error(`${name} is required here (CI) but is not installed: ${howToInstall}`);
  process.stderr.write(
    `\n*** SKIPPING the ${name} tests: ${name} is not installed (${howToInstall}) ***\n\n`,
  );
  return false;
}

/** A loopback TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
