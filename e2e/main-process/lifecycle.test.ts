import { describe, expect, it } from 'vitest';
import { launchMain, MainProcess } from './harness';

const HIDDEN_AT_LOGIN = ['--launched-at-login'];

describe.concurrent('single instance, close to tray and quit', () => {
  it('a second launch focuses the first instance and leaves', async (context) => {
    const first = launchMain(context, { args: HIDDEN_AT_LOGIN });
    const started = await first.pageReady();
    expect(started.window?.visible).toBe(false);
    const second = launchMain(context, { home: first.home });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.finalState().windowCount).toBe(0);
    await first.waitFor('the first window shown', (state) => state.window?.visible && state.window.focused);
  });

  it('a second launch during start-up is not lost', async (context) => {
    const first = launchMain(context, { args: HIDDEN_AT_LOGIN, deferReady: true });
    await first.waitFor('the lock taken', (state) =>
      state.calls.some((call) => call.api === 'app.requestSingleInstanceLock'),
    );
    const second = launchMain(context, { home: first.home });
    expect(await second.exited).toEqual({ code: 0, signal: null });
    // Chromium holds the second launch until ready, then Electron emits it at once.
    await first.waitFor('the second launch received', (state) => state.pendingSecondInstances === 1);
    await first.call('emitReady');
    await first.pageReady();
    await first.waitFor('the window shown for the second launch', (state) => state.window?.visible);
  });

  it('closing the window hides it to the tray, with a one-time hint', async (context) => {
    const main = launchMain(context);
    await main.pageReady();
    expect(await main.call('windowAction', 'close')).toBe(false);
    let state = await main.waitFor('the hint', (s) => s.notifications.length > 0 && s);
    expect(state.window?.visible).toBe(false);
    expect(state.windowCount).toBe(1);
    expect(state.notifications[0]).toMatchObject({ title: 'Beacon is still running', silent: true });
    await main.call('clickTray');
    await main.waitFor('the window back from the tray', (s) => s.window?.visible);
    await main.call('windowAction', 'close');
    state = await main.waitFor('hidden again', (s) => !s.window?.visible && s);
    expect(state.notifications).toHaveLength(1);
  });

  it('the close hint respects notifications being off', async (context) => {
    const main = launchMain(context);
    await main.pageReady();
    await main.bridge('updateSettings', { notificationsEnabled: false });
    await main.call('windowAction', 'close');
    await main.waitFor('hidden', (s) => !s.window?.visible);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await main.state()).notifications).toEqual([]);
    expect(main.log).toContain('hint not shown');
  });

  it('Quit in the tray menu closes everything and exits cleanly', async (context) => {
    const main = launchMain(context);
    await main.pageReady();
    const before = await main.state();
    expect(before.listeners.power).toBeGreaterThan(0);
    expect(before.listeners.ipcHandlers.filter((channel) => channel.startsWith('beacon:'))).not.toEqual([]);
    await main.call('clickTrayItem', 'Quit').catch(() => undefined);
    expect(await main.exited).toEqual({ code: 0, signal: null });
    const after = main.finalState();
    expect(after.quitting).toBe(true);
    expect(after.windowCount).toBe(0);
    expect(after.tray).toBeNull();
    expect(after.listeners.power).toBe(0);
    expect(after.listeners.ipcHandlers.filter((channel) => channel.startsWith('beacon:'))).toEqual([]);
    expect(after.listeners.ipcListeners.filter((channel) => channel.startsWith('beacon:'))).toEqual([]);
    expect(after.violations).toEqual([]);
  });
});

describe('a launch with no usable lock', () => {
  it('a second launch with another profile is a separate instance', async (context) => {
    const first = launchMain(context);
    const second = MainProcess.launch();
    context.onTestFinished(() => second.stop());
    await first.pageReady();
    await second.pageReady();
    expect(second.hasExited).toBeNull();
  });
});
