import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Presence } from '@beacon/protocol';
import { _electron, test as base, type ElectronApplication, expect, type Page } from '@playwright/test';
import type { DesktopBridge } from '../../common/bridge';
import type { E2eHooks } from '../../main/testing/e2e-hooks';
import { electronBinary } from './electron-binary';

const root = join(import.meta.dirname, '..', '..');
/** Only to skip where the binary is missing; Playwright launches Electron on its own. */
const binary = electronBinary();

/** What the page received from the host through `window.beacon`. */
export type HostEvent =
  | { type: 'status'; request: unknown }
  | { type: 'activity'; report: unknown }
  | { type: 'open'; conversationId: string };

export interface Beacon {
  app: ElectronApplication;
  page: Page;
  /** Calls a test hook in the main process (BEACON_E2E=1). */
  hook<K extends keyof E2eHooks>(name: K, ...args: Parameters<E2eHooks[K]>): Promise<ReturnType<E2eHooks[K]>>;
  /** Calls the bridge from the page, as the renderer does. */
  bridge<K extends keyof DesktopBridge>(name: K, ...args: unknown[]): Promise<unknown>;
  /** Waits until the main process has handled every report sent so far (IPC keeps their order). */
  flush(): Promise<void>;
  /** Events the host sent to the page since the test started. */
  events(): Promise<HostEvent[]>;
  presence(status: Presence['status']): Presence;
}

export interface BeaconOptions {
  /** An administrator policy for this launch (written to a file, BEACON_POLICY_FILE). */
  policy: Record<string, unknown> | null;
}

export const test = base.extend<BeaconOptions & { beacon: Beacon }>({
  policy: [null, { option: true }],
  beacon: async ({ policy }, use, testInfo) => {
    testInfo.skip(binary === null, 'Electron binary not installed');
    const profile = mkdtempSync(join(tmpdir(), 'beacon-e2e-'));
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      BEACON_E2E: '1',
      BEACON_USER_DATA_DIR: join(profile, 'user-data'),
      BEACON_POLICY_FILE: join(profile, 'policy.json'),
    };
    if (policy) writeFileSync(env.BEACON_POLICY_FILE as string, JSON.stringify(policy));
    delete env.ELECTRON_RUN_AS_NODE;
    // No executablePath: Playwright finds the `electron` package itself and starts it with its
    // own loader, which the `_electron` API relies on.
    const app = await _electron.launch({
      args: [root, '--no-sandbox', '--disable-gpu'],
      env,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      await page.waitForFunction(() => typeof (globalThis as { beacon?: unknown }).beacon === 'object');
      await page.evaluate(() => {
        const scope = globalThis as unknown as { beacon: DesktopBridge; __hostEvents: HostEvent[] };
        scope.__hostEvents = [];
        scope.beacon.onStatusRequest((request) => scope.__hostEvents.push({ type: 'status', request }));
        scope.beacon.onDeviceActivity((report) => scope.__hostEvents.push({ type: 'activity', report }));
        scope.beacon.onOpenConversation((conversationId) =>
          scope.__hostEvents.push({ type: 'open', conversationId }),
        );
      });
      const beacon: Beacon = {
        app,
        page,
        hook: (name, ...args) =>
          app.evaluate(
            (_electron, [hookName, hookArgs]) => {
              const hooks = (
                globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>
              ).__beaconE2E;
              if (!hooks) throw new Error('test hooks missing: is BEACON_E2E=1 set?');
              return hooks[hookName as string]?.(...(hookArgs as unknown[]));
            },
            [name, args] as const,
          ) as never,
        bridge: (name, ...args) =>
          page.evaluate(
            ([method, methodArgs]) => {
              const bridge = (
                globalThis as unknown as { beacon: Record<string, (...a: unknown[]) => unknown> }
              ).beacon;
              return bridge[method as string]?.(...(methodArgs as unknown[]));
            },
            [name, args] as const,
          ),
        flush: async () => {
          await page.evaluate(() =>
            (globalThis as unknown as { beacon: DesktopBridge }).beacon.getSettings().then(() => undefined),
          );
        },
        events: () =>
          page.evaluate(() => (globalThis as unknown as { __hostEvents: HostEvent[] }).__hostEvents),
        presence: (status) => ({
          userId: 'e2e-user',
          status,
          message: null,
          idleSince: null,
          updatedAt: Date.now(),
        }),
      };
      await use(beacon);
    } finally {
      await app.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    }
  },
});

export { expect };
