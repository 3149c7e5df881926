import { describe, expect, it } from 'vitest';
import { launchMain } from './harness';

describe('start-up of the built main process', () => {
  it('registers the app scheme and the sandbox before ready, and creates windows only after it', async (context) => {
    const main = launchMain(context);
    const state = await main.pageReady();
    expect(state.violations).toEqual([]);
    const order = state.calls.map((call) => `${call.phase} ${call.api}`);
    const at = (entry: string) => {
      const index = order.indexOf(entry);
      expect(index, `${entry} in ${order.join(', ')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    at('before-ready protocol.registerSchemesAsPrivileged');
    at('before-ready app.enableSandbox');
    at('before-ready app.setAppUserModelId');
    expect(at('before-ready app.requestSingleInstanceLock')).toBeLessThan(at('after-ready app.ready'));
    expect(at('after-ready session.protocol.handle')).toBeLessThan(at('after-ready webContents.loadURL'));
    expect(at('after-ready app.ready')).toBeLessThan(at('after-ready new BrowserWindow'));
    at('after-ready new Tray');
    const schemes = state.calls.find((call) => call.api === 'protocol.registerSchemesAsPrivileged')?.detail;
    expect(schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
  });

  it('opens one locked-down window whose page comes through the app:// handler with its CSP', async (context) => {
    const main = launchMain(context);
    const state = await main.pageReady();
    expect(state.windowCount).toBe(1);
    const window = state.window;
    expect(window?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    const preload = window?.options.webPreferences as { preload: string };
    expect(preload.preload).toMatch(/^\/.*out\/preload\/index\.cjs$/);
    expect(window?.url).toBe('app://beacon/index.html');
    const load = window?.loads[0];
    expect(load).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
    expect(load?.contentSecurityPolicy).toContain("default-src 'none'");
    expect(load?.contentSecurityPolicy).toContain("script-src 'self'");
    expect(load?.assets.length).toBeGreaterThan(0);
    for (const asset of load?.assets ?? []) expect(asset, asset.url).toMatchObject({ status: 200 });
    // Shown once ready-to-show (not started at login).
    expect(window?.visible).toBe(true);
  });

  it('runs the real sandboxed preload: window.beacon is the whole DesktopBridge and nothing else leaks', async (context) => {
    const main = launchMain(context);
    const state = await main.pageReady();
    expect(state.page?.errors).toEqual([]);
    expect(state.page?.worldKeys).toEqual(['beacon']);
    expect(state.page?.bridgeMethods).toEqual(
      expect.arrayContaining([
        'getConnectionDefaults',
        'loadSession',
        'saveSession',
        'clearSession',
        'getSettings',
        'updateSettings',
        'reportPresence',
        'reportUnread',
        'reportIncomingMessage',
        'reportView',
        'onStatusRequest',
        'onOpenConversation',
        'onEditStatusMessage',
        'onSettingsChanged',
        'openExternal',
        'downloadFile',
        'showDownloadInFolder',
      ]),
    );
    expect(await main.bridge('getConnectionDefaults')).toEqual({ serverUrl: null, serverUrlLocked: false });
    const settings = await main.bridge<{ values: { idleMinutes: number }; locked: string[] }>('getSettings');
    expect(settings.values.idleMinutes).toBe(5);
    expect(settings.locked).toEqual([]);
  });

  it('keeps main-process logs out of the page (no electron-log IPC transport)', async (context) => {
    const main = launchMain(context);
    await main.pageReady();
    await main.bridge('reportUnread', { total: 1, conversations: 1, mentions: 0 });
    const state = await main.state();
    expect(state.window?.sentChannels.filter((channel) => channel.startsWith('__ELECTRON_LOG'))).toEqual([]);
  });

  it('refuses navigation away from the app, new windows and unexpected permissions', async (context) => {
    const main = launchMain(context);
    await main.pageReady();
    expect(await main.call('navigate', 'https://evil.example/')).toEqual({ prevented: true });
    expect(await main.call('openWindow', 'https://example.com/docs')).toEqual({ action: 'deny' });
    expect(await main.call('openWindow', 'file:///etc/passwd')).toEqual({ action: 'deny' });
    const state = await main.waitFor('the link handed to the OS', (s) => s.opened.length > 0 && s);
    expect(state.opened).toEqual(['https://example.com/docs']);
    expect(await main.call('requestPermission', 'media', 'app://beacon/index.html')).toBe(false);
  });

  it('never installs the test hooks in a packaged app, whatever the environment says', async (context) => {
    const main = launchMain(context, { packaged: true, env: { BEACON_E2E: '1' } });
    await main.pageReady();
    expect(main.log).toMatch(/Beacon starting.*packaged: true, e2e: false/);
    expect(main.log).not.toContain('test hooks installed');
  });
});
