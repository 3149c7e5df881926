import { errorMessage, type Logger } from '../logger';
import type { OsFocusPort, OsFocusReading } from './os-focus';

/**
 * The OS focus sources, over the optional native modules (loaded by main/adapters/os-focus.ts
 * with `createRequire`, injected here so the mapping is tested without them):
 *
 * - Windows: `windows-focus-assist` (Focus Assist, "Do not disturb" since Windows 11 22H2) and
 *   `windows-notification-state` (SHQueryUserNotificationState: presentation mode, full-screen
 *   apps, the quiet time after a first sign-in).
 * - macOS: `macos-notification-state` (Do not disturb / Focus). It tells nothing about
 *   presenting, so on macOS `presenting` stays unknown.
 * - Linux: no source.
 *
 * A module that is missing, fails to load or throws gives "unknown" for its part — never
 * "muted" — and is logged once.
 */

/** `windows-focus-assist` (lib/index.js). */
export interface WindowsFocusAssistModule {
  /** -2 NOT_SUPPORTED, -1 FAILED, 0 OFF, 1 PRIORITY_ONLY, 2 ALARMS_ONLY. */
  getFocusAssist(): { value: number; name: string } | undefined;
  /** 1 when the app is on the Focus Assist priority list (-2/-1 unknown, 0 no). */
  isPriority(appUserModelId: string): { value: number; name: string } | undefined;
}

/** `windows-notification-state` (lib/index.js). */
export interface WindowsNotificationStateModule {
  getNotificationState(): string;
}

/** `macos-notification-state` (lib/index.js). */
export interface MacNotificationStateModule {
  getDoNotDisturb(): Promise<boolean>;
}

export type ModuleLoader = (id: string) => unknown;

export const OS_FOCUS_MODULES = [
  'windows-focus-assist',
  'windows-notification-state',
  'macos-notification-state',
] as const;

/** SHQueryUserNotificationState values during which message text is hidden. */
const PRESENTING_STATES = new Set(['QUNS_BUSY', 'QUNS_RUNNING_D3D_FULL_SCREEN', 'QUNS_PRESENTATION_MODE']);
const NOT_PRESENTING_STATES = new Set([
  'QUNS_NOT_PRESENT',
  'QUNS_ACCEPTS_NOTIFICATIONS',
  'QUNS_QUIET_TIME',
  'QUNS_APP',
]);

/** A native module loaded on first use; a failure (or a throwing call) is logged once, then `null`. */
class OptionalModule<T> {
  private loaded: T | null | undefined;
  private logged = false;

  constructor(
    private readonly id: string,
    private readonly load: ModuleLoader,
    private readonly log: Logger,
  ) {}

  call<R>(use: (module: T) => R): R | null {
    const module = this.get();
    if (module === null) return null;
    try {
      return use(module);
    } catch (error) {
      this.problem('failed', error);
      return null;
    }
  }

  async callAsync<R>(use: (module: T) => Promise<R>): Promise<R | null> {
    const module = this.get();
    if (module === null) return null;
    try {
      return await use(module);
    } catch (error) {
      this.problem('failed', error);
      return null;
    }
  }

  private get(): T | null {
    if (this.loaded !== undefined) return this.loaded;
    try {
      this.loaded = this.load(this.id) as T;
    } catch (error) {
      this.loaded = null;
      this.problem('is not available', error);
    }
    return this.loaded;
  }

  private problem(what: string, error: unknown): void {
    if (this.logged) return;
    this.logged = true;
    this.log.warn(`${this.id} ${what}; Beacon ignores it (notifications are not muted by it)`, {
      error: errorMessage(error),
    });
  }
}

export interface WindowsFocusOptions {
  load: ModuleLoader;
  log: Logger;
  /** The app's AppUserModelID: Focus Assist "priority only" lets priority apps through. */
  appUserModelId: string;
  /** os.release(), e.g. "10.0.22631": Windows 11 22H2 (build 22621) renamed Focus Assist. */
  osRelease?: string;
}

export function createWindowsFocusSource(options: WindowsFocusOptions): { read(): OsFocusReading } {
  const focusAssist = new OptionalModule<WindowsFocusAssistModule>(
    'windows-focus-assist',
    options.load,
    options.log,
  );
  const notificationState = new OptionalModule<WindowsNotificationStateModule>(
    'windows-notification-state',
    options.load,
    options.log,
  );
  const focusAssistName = windowsBuild(options.osRelease) >= 22621 ? 'Do not disturb' : 'Focus Assist';
  return {
    read(): OsFocusReading {
      let doNotDisturb: boolean | null = null;
      let name: string | null = null;
      switch (focusAssist.call((module) => module.getFocusAssist()?.value) ?? null) {
        case 0:
          doNotDisturb = false;
          break;
        case 1: {
          // Priority only: Beacon gets through only if the user put it on the priority list.
          const priority = focusAssist.call((module) => module.isPriority(options.appUserModelId)?.value);
          doNotDisturb = priority !== 1;
          break;
        }
        case 2:
          doNotDisturb = true;
          break;
        default:
          // NOT_SUPPORTED, FAILED, an unknown value or no module: unknown, never muted.
          doNotDisturb = null;
      }
      if (doNotDisturb) name = focusAssistName;
      const state = notificationState.call((module) => module.getNotificationState());
      const presenting =
        state === null
          ? null
          : PRESENTING_STATES.has(state)
            ? true
            : NOT_PRESENTING_STATES.has(state)
              ? false
              : null;
      if (state === 'QUNS_QUIET_TIME' && doNotDisturb !== true) {
        // Windows holds back notifications itself during the quiet time after a first sign-in.
        doNotDisturb = true;
        name = 'Windows quiet time';
      }
      return { doNotDisturb, presenting, name };
    },
  };
}

export function createMacFocusSource(options: { load: ModuleLoader; log: Logger }): OsFocusPort {
  const notificationState = new OptionalModule<MacNotificationStateModule>(
    'macos-notification-state',
    options.load,
    options.log,
  );
  return {
    async read(): Promise<OsFocusReading> {
      const dnd = await notificationState.callAsync((module) => module.getDoNotDisturb());
      const doNotDisturb = typeof dnd === 'boolean' ? dnd : null;
      return { doNotDisturb, presenting: null, name: doNotDisturb ? 'Focus' : null };
    },
  };
}

/** The source for this OS, or undefined where there is none (Linux). */
export function createOsFocusSource(
  options: WindowsFocusOptions & { platform: NodeJS.Platform },
): OsFocusPort | undefined {
  if (options.platform === 'win32') return createWindowsFocusSource(options);
  if (options.platform === 'darwin') return createMacFocusSource(options);
  return undefined;
}

function windowsBuild(release: string | undefined): number {
  const build = Number(release?.split('.')[2]);
  return Number.isFinite(build) ? build : 0;
}
