import type { EventName, EventPayloads } from '../../common/ipc';
import type { BadgeModel } from '../badge/badge-model';
import type { TrayModel } from '../tray/tray-model';

/** The main window as the shell logic sees it (adapters/main-window.ts in the app). */
export interface MainWindowPort {
  /** Shows, restores and focuses the window. */
  show(): void;
  hide(): void;
  isVisible(): boolean;
  isFocused(): boolean;
  isMinimized(): boolean;
  /** Sends an event to the renderer (dropped while the page is not loaded). */
  send<N extends EventName>(name: N, payload: EventPayloads[N]): void;
  flashFrame(flash: boolean): void;
}

export interface TrayPort {
  render(model: TrayModel): void;
}

/** Dock badge (macOS, Linux launchers) and taskbar overlay (Windows). */
export interface BadgePort {
  apply(model: BadgeModel): void;
}
