/**
 * The operating system's own state that Beacon reads through optional native modules
 * (`windows-focus-assist`, `windows-notification-state`, `macos-notification-state`): under the
 * fake, `require` of those names gets these stand-ins, whose answers the test sets.
 */
export const FAKE_OS = Symbol.for('beacon.fake-os');

export interface FakeOsState {
  /** windows-focus-assist getFocusAssist().value: 0 off, 1 priority only, 2 alarms only. */
  focusAssist: number;
  /** windows-focus-assist isPriority(): 1 when Beacon is on the priority list. */
  priority: number;
  /** windows-notification-state: SHQueryUserNotificationState's answer. */
  notificationState: string;
  /** macos-notification-state getDoNotDisturb(). */
  macDoNotDisturb: boolean;
}

const FOCUS_ASSIST_NAMES: Record<number, string> = { 0: 'OFF', 1: 'PRIORITY_ONLY', 2: 'ALARMS_ONLY' };

export function installFakeOs(): { state: FakeOsState; modules: Record<string, unknown> } {
  const state: FakeOsState = {
    focusAssist: 0,
    priority: 0,
    notificationState: 'QUNS_ACCEPTS_NOTIFICATIONS',
    macDoNotDisturb: false,
  };
  const modules: Record<string, unknown> = {
    'windows-focus-assist': {
      getFocusAssist: () => ({
        value: state.focusAssist,
        name: FOCUS_ASSIST_NAMES[state.focusAssist] ?? 'FAILED',
      }),
      isPriority: () => ({ value: state.priority, name: state.priority === 1 ? 'YES' : 'NO' }),
    },
    'windows-notification-state': { getNotificationState: () => state.notificationState },
    'macos-notification-state': { getDoNotDisturb: async () => state.macDoNotDisturb },
  };
  (globalThis as Record<symbol, unknown>)[FAKE_OS] = modules;
  return { state, modules };
}
