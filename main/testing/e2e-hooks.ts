import type { DeviceActivityPayload } from '@beacon/protocol';
import type { NotificationContent } from '../../common/notifications/notification-policy';
import type { IdleSnapshot } from '../idle/idle-machine';
import type { PowerEvent, PowerSource } from '../idle/idle-monitor';
import type { NotificationHandle, NotificationPort } from '../notifications/notification-center';
import type { TrayCommand, TrayModel } from '../tray/tray-model';

/**
 * Test-only controls for the Playwright `_electron` tests, installed on `globalThis` only
 * when BEACON_E2E=1 (never exposed to the page: tests reach them with electronApp.evaluate).
 */
export interface E2eHooks {
  tray(): TrayModel | null;
  /** Chooses a tray menu item by its label, as a click would. */
  clickTrayItem(label: string): void;
  /** Makes the OS report this many seconds without input, then polls at once. */
  setSystemIdleSeconds(seconds: number): void;
  powerEvent(event: PowerEvent): void;
  idle(): IdleSnapshot;
  /** What the device reports now (`device:activity`: state, since, label, osFocus). */
  deviceActivity(): DeviceActivityPayload;
  /** Notifications on screen: conversation id → content. */
  notifications(): Record<string, NotificationContent>;
  clickNotification(conversationId: string): void;
  hideWindow(): void;
  isWindowVisible(): boolean;
}

export const E2E_GLOBAL = '__beaconE2E';

/** Test hooks exist only in an unpackaged build: no environment variable can turn them on in a shipped app. */
export function e2eEnabled(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean): boolean {
  return !isPackaged && env.BEACON_E2E === '1';
}

/** A power source whose idle time and events a test controls. */
export class ScriptedPower implements PowerSource {
  idleSeconds = 0;
  private readonly listeners = new Map<PowerEvent, Set<() => void>>();

  getSystemIdleTime(): number {
    return this.idleSeconds;
  }

  setIdleSeconds(seconds: number): void {
    this.idleSeconds = seconds;
  }

  on(event: PowerEvent, listener: () => void): void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
  }

  off(event: PowerEvent, listener: () => void): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit(event: PowerEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }
}

/** Notifications recorded instead of shown (CI has no notification daemon); clicks are scripted. */
export class RecordedNotifications implements NotificationPort {
  private readonly shown = new Map<
    string,
    { content: NotificationContent; onClick(): void; onClose(): void }
  >();

  isSupported(): boolean {
    return true;
  }

  show(
    tag: string,
    content: NotificationContent,
    events: { onClick(): void; onClose(): void },
  ): NotificationHandle {
    const entry = { content, ...events };
    this.shown.set(tag, entry);
    return {
      close: () => {
        if (this.shown.get(tag) !== entry) return;
        this.shown.delete(tag);
        entry.onClose();
      },
    };
  }

  /** What is on screen, by tag (conversation id). */
  list(): Record<string, NotificationContent> {
    return Object.fromEntries([...this.shown].map(([tag, { content }]) => [tag, content]));
  }

  click(tag: string): boolean {
    const entry = this.shown.get(tag);
    if (!entry) return false;
    this.shown.delete(tag);
    entry.onClick();
    return true;
  }
}

export function findTrayCommand(model: TrayModel | null, label: string): TrayCommand | null {
  const item = model?.menu.find((entry) => entry.type !== 'separator' && entry.label === label);
  if (!item || item.type === 'separator' || !item.enabled) return null;
  return item.command;
}
