import type { DesktopBridge } from '../../../common/bridge';
import { createBrowserBridge } from './browser';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge; absent in a plain browser. */
    readonly beacon?: DesktopBridge;
  }
}

let bridge: DesktopBridge | undefined;

/** The host bridge: Electron's preload when present, otherwise the web page's own implementation. */
export function getBridge(): DesktopBridge {
  bridge ??= window.beacon ?? createBrowserBridge(window);
  return bridge;
}

export type {
  ConnectionDefaults,
  DesktopBridge,
  DownloadRequest,
  DownloadResult,
  IncomingMessageEvent,
  SettingKey,
  SettingsView,
  StoredSession,
  UnreadSummary,
  Unsubscribe,
  UserSettings,
  ViewState,
} from '../../../common/bridge';
