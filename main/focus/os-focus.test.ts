import { describe, expect, it } from 'vitest';
import { FakeScheduler, RecordingLogger } from '../testing/fakes';
import { OsFocusMonitor, type OsFocusPort, type OsFocusReading } from './os-focus';
import {
  createMacFocusSource,
  createOsFocusSource,
  createWindowsFocusSource,
  type ModuleLoader,
} from './os-focus-sources';

function monitorOf(port: OsFocusPort) {
  const scheduler = new FakeScheduler();
  const log = new RecordingLogger();
  const changes: OsFocusReading[] = [];
  const monitor = new OsFocusMonitor({
    port,
    scheduler,
    log,
    pollSeconds: 5,
    onChange: (reading) => changes.push(reading),
  });
  return { monitor, scheduler, log, changes };
}

describe('OsFocusMonitor', () => {
  it('reads at start and every poll, reporting changes only', () => {
    let reading: OsFocusReading = { doNotDisturb: false, presenting: false };
    const { monitor, scheduler, changes } = monitorOf({ read: () => reading });
    monitor.start();
    expect(monitor.current).toEqual({ doNotDisturb: false, presenting: false, name: null });
    scheduler.advance(5_000);
    expect(changes).toHaveLength(1);
    reading = { doNotDisturb: true, presenting: false, name: 'Focus Assist' };
    scheduler.advance(5_000);
    expect(changes.at(-1)).toEqual({ doNotDisturb: true, presenting: false, name: 'Focus Assist' });
    monitor.stop();
    expect(scheduler.activeTimers).toBe(0);
  });

  it('a throwing source is unknown (never muted) and logged once', () => {
    const { monitor, scheduler, log } = monitorOf({
      read: () => {
        throw new Error('addon crashed');
      },
    });
    monitor.start();
    scheduler.advance(60_000);
    expect(monitor.current).toEqual({ doNotDisturb: null, presenting: null, name: null });
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('a nonsense answer is unknown', () => {
    const { monitor } = monitorOf({ read: () => ({ doNotDisturb: 'yes' }) as unknown as OsFocusReading });
    monitor.start();
    expect(monitor.current.doNotDisturb).toBeNull();
  });

  it('an asynchronous source updates when it answers; a rejection is logged once', async () => {
    let answer: () => Promise<OsFocusReading> = async () => ({ doNotDisturb: true, presenting: null });
    const { monitor, scheduler, log } = monitorOf({ read: () => answer() });
    monitor.start();
    await Promise.resolve();
    expect(monitor.current.doNotDisturb).toBe(true);
    answer = async () => {
      throw new Error('getFocusStatus not supported');
    };
    for (let i = 0; i < 3; i++) {
      scheduler.advance(5_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(monitor.current.doNotDisturb).toBeNull();
    expect(log.messages('warn')).toHaveLength(1);
  });
});

function windowsModules(state: { focusAssist: number; priority?: number; notificationState: string }) {
  const loads: string[] = [];
  const load: ModuleLoader = (id) => {
    loads.push(id);
    if (id === 'windows-focus-assist')
      return {
        getFocusAssist: () => ({ value: state.focusAssist, name: String(state.focusAssist) }),
        isPriority: () => ({ value: state.priority ?? 0, name: '' }),
      };
    if (id === 'windows-notification-state') return { getNotificationState: () => state.notificationState };
    throw new Error(`Cannot find module '${id}'`);
  };
  return { load, loads };
}

describe('Windows focus source', () => {
  const log = new RecordingLogger();
  const source = (state: Parameters<typeof windowsModules>[0], osRelease = '10.0.19045') =>
    createWindowsFocusSource({
      load: windowsModules(state).load,
      log,
      appUserModelId: 'org.beacon.desktop',
      osRelease,
    });

  it('maps Focus Assist: off, priority only (unless Beacon is a priority app), alarms only', () => {
    const accepts = 'QUNS_ACCEPTS_NOTIFICATIONS';
    expect(source({ focusAssist: 0, notificationState: accepts }).read()).toEqual({
      doNotDisturb: false,
      presenting: false,
      name: null,
    });
    expect(source({ focusAssist: 1, notificationState: accepts }).read()).toMatchObject({
      doNotDisturb: true,
      name: 'Focus Assist',
    });
    expect(source({ focusAssist: 1, priority: 1, notificationState: accepts }).read()).toMatchObject({
      doNotDisturb: false,
    });
    expect(source({ focusAssist: 2, notificationState: accepts }, '10.0.22631').read()).toMatchObject({
      doNotDisturb: true,
      name: 'Do not disturb',
    });
  });

  it('NOT_SUPPORTED and FAILED are unknown, not muted (the mattermost dnd-windows bug)', () => {
    for (const focusAssist of [-2, -1, 7])
      expect(source({ focusAssist, notificationState: 'QUNS_ACCEPTS_NOTIFICATIONS' }).read()).toMatchObject({
        doNotDisturb: null,
      });
  });

  it('presentation mode and full-screen apps are presenting; quiet time holds notifications back', () => {
    for (const state of ['QUNS_PRESENTATION_MODE', 'QUNS_BUSY', 'QUNS_RUNNING_D3D_FULL_SCREEN'])
      expect(source({ focusAssist: 0, notificationState: state }).read()).toMatchObject({
        doNotDisturb: false,
        presenting: true,
      });
    expect(source({ focusAssist: 0, notificationState: 'QUNS_QUIET_TIME' }).read()).toEqual({
      doNotDisturb: true,
      presenting: false,
      name: 'Windows quiet time',
    });
    expect(source({ focusAssist: 0, notificationState: 'UNKNOWN_ERROR' }).read().presenting).toBeNull();
  });

  it('a missing module is unknown for its part, logged once, and not loaded again', () => {
    const log = new RecordingLogger();
    const loads: string[] = [];
    const port = createWindowsFocusSource({
      load: (id) => {
        loads.push(id);
        if (id === 'windows-notification-state')
          return { getNotificationState: () => 'QUNS_PRESENTATION_MODE' };
        throw new Error(`Cannot find module '${id}'`);
      },
      log,
      appUserModelId: 'org.beacon.desktop',
    });
    for (let i = 0; i < 5; i++)
      expect(port.read()).toEqual({ doNotDisturb: null, presenting: true, name: null });
    expect(loads.filter((id) => id === 'windows-focus-assist')).toHaveLength(1);
    expect(log.messages('warn')).toEqual([
      'windows-focus-assist is not available; Beacon ignores it (notifications are not muted by it)',
    ]);
  });

  it('a throwing module call is unknown and logged once', () => {
    const log = new RecordingLogger();
    const port = createWindowsFocusSource({
      load: () => ({
        getFocusAssist: () => {
          throw new Error('WNF query failed');
        },
        getNotificationState: () => {
          throw new Error('SHQueryUserNotificationState failed');
        },
      }),
      log,
      appUserModelId: 'org.beacon.desktop',
    });
    for (let i = 0; i < 5; i++)
      expect(port.read()).toEqual({ doNotDisturb: null, presenting: null, name: null });
    expect(log.messages('warn')).toHaveLength(2);
  });
});

describe('macOS focus source', () => {
  it('reads Do not disturb / Focus; presenting stays unknown', async () => {
    const port = createMacFocusSource({
      load: () => ({ getDoNotDisturb: async () => true }),
      log: new RecordingLogger(),
    });
    expect(await port.read()).toEqual({ doNotDisturb: true, presenting: null, name: 'Focus' });
  });

  it('a rejection is unknown and logged once', async () => {
    const log = new RecordingLogger();
    const port = createMacFocusSource({
      load: () => ({ getDoNotDisturb: () => Promise.reject(new Error('getFocusStatus not supported')) }),
      log,
    });
    expect(await port.read()).toEqual({ doNotDisturb: null, presenting: null, name: null });
    expect(await port.read()).toEqual({ doNotDisturb: null, presenting: null, name: null });
    expect(log.messages('warn')).toHaveLength(1);
  });
});

describe('createOsFocusSource', () => {
  it('has no source on Linux and loads nothing', () => {
    const { load, loads } = windowsModules({ focusAssist: 2, notificationState: 'QUNS_BUSY' });
    expect(
      createOsFocusSource({ platform: 'linux', load, log: new RecordingLogger(), appUserModelId: 'x' }),
    ).toBeUndefined();
    expect(loads).toEqual([]);
  });

  it('loads the Windows modules lazily, on the first read', () => {
    const { load, loads } = windowsModules({ focusAssist: 2, notificationState: 'QUNS_BUSY' });
    const port = createOsFocusSource({
      platform: 'win32',
      load,
      log: new RecordingLogger(),
      appUserModelId: 'x',
    });
    expect(loads).toEqual([]);
    expect(port?.read()).toMatchObject({ doNotDisturb: true, presenting: true });
    expect(loads).toEqual(['windows-focus-assist', 'windows-notification-state']);
  });
});
