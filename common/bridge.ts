import type { DeviceActivityPayload, Presence, PresenceSetPayload } from '@beacon/protocol';
import type { LanguageSetting } from './i18n';

/**
 * The one interface between the React renderer and its host. Two implementations:
 * the Electron preload (`preload/`, over IPC to `main/`) and the browser
 * (`renderer/src/bridge/browser.ts`). The renderer owns the socket; the host owns
 * everything that belongs to the desktop (tray, idle detection, notifications,
 * badges, settings and administrator policy).
 *
 * This file is Electron-free and DOM-free: main, preload and renderer all import it.
 */
export interface DesktopBridge {
  readonly host: 'electron' | 'web';

  /** Where to connect by default and whether an administrator locked it. */
  getConnectionDefaults(): Promise<ConnectionDefaults>;

  /** The signed-in session, kept across restarts until it expires (Electron: encrypted with the OS keychain). */
  loadSession(): Promise<StoredSession | null>;
  saveSession(session: StoredSession): Promise<void>;
  clearSession(): Promise<void>;

  /** Settings with their administrator locks. */
  getSettings(): Promise<SettingsView>;
  updateSettings(patch: Partial<UserSettings>): Promise<SettingsView>;
  onSettingsChanged(listener: (settings: SettingsView) => void): Unsubscribe;

  /** The renderer reports state the host shows (tray icon and tooltip, badge). */
  reportPresence(presence: Presence): void;
  reportUnread(summary: UnreadSummary): void;
  /** An incoming message; the host decides whether to notify (policy: focus, DND, schedule). */
  reportIncomingMessage(event: IncomingMessageEvent): void;
  /** What the user is looking at, for the notification policy. */
  reportView(view: ViewState): void;

  /**
   * The user chose a status in the host's own UI (the tray menu); the renderer sends it as
   * `presence:set`. Never sent for anything the host computed (idle, lock, OS focus).
   */
  onStatusRequest(listener: (request: PresenceSetPayload) => void): Unsubscribe;
  /**
   * This device's state changed (active, idle since t, locked, suspended; the OS focus when the
   * user asked to follow it). The renderer sends it as `device:activity`.
   */
  onDeviceActivity(listener: (activity: DeviceActivityPayload) => void): Unsubscribe;
  /**
   * This device's current state, with its label: for a (re)loaded page and each (re)connect,
   * since the server keeps no device state across sessions.
   */
  getDeviceActivity(): Promise<DeviceActivityPayload>;
  /** The host asks the renderer to show a conversation (notification click). */
  onOpenConversation(listener: (conversationId: string) => void): Unsubscribe;
  /** The host asks the renderer to focus the status message editor (tray "Set status message…"). */
  onEditStatusMessage(listener: () => void): Unsubscribe;

  /** Opens an http(s) or mailto link outside the app. */
  openExternal(url: string): Promise<void>;

  /**
   * Downloads an attachment (`GET /api/v1/files/{id}` with the session's token) into the user's
   * Downloads folder; resolves when it has finished, failed or was cancelled. Electron: through
   * its download manager, never in a window, a unique name when the file exists, then a
   * notification "Downloaded <name>" with "Show in folder". Web: a plain download link.
   */
  downloadFile(request: DownloadRequest): Promise<DownloadResult>;
  /** Shows a finished download in the file manager (Electron; the web page cannot and rejects). */
  showDownloadInFolder(downloadId: string): Promise<void>;
}

export interface DownloadRequest {
  fileId: string;
  /** The attachment's name, used when the server does not name the file. */
  name: string;
}

export interface DownloadResult {
  /** For `showDownloadInFolder`; the page never learns the path. */
  downloadId: string;
  /** The name it was saved under (may differ: "report (1).pdf"). */
  name: string;
  state: 'completed' | 'cancelled' | 'interrupted';
}

export type Unsubscribe = () => void;

export interface ConnectionDefaults {
  serverUrl: string | null;
  serverUrlLocked: boolean;
}

export interface StoredSession {
  serverUrl: string;
  token: string;
  userId: string;
  email: string;
  expiresAt: number | null;
}

export interface UserSettings {
  /** Minutes without input before this device reports itself `idle`. */
  idleMinutes: number;
  notificationsEnabled: boolean;
  notificationSound: boolean;
  /**
   * Do-not-disturb schedule (e.g. outside working hours): no notifications from `start` until
   * `end`, local "HH:MM" times; wraps past midnight when `end` ≤ `start` (18:00–08:00 is the night).
   */
  quietHours: { enabled: boolean; start: string; end: string };
  launchAtLogin: boolean;
  startHidden: boolean;
  flashTaskbar: boolean;
  /**
   * Report the OS's own Focus / Focus Assist (`device:activity` `osFocus`), which the server shows
   * as Do not disturb while it lasts. Off: reported as `osFocus: null`.
   */
  dndDuringOsFocus: boolean;
  autoUpdate: boolean;
  serverUrl: string | null;
  /** The UI language: the system's (OS / browser languages) or a fixed one (common/i18n). */
  language: LanguageSetting;
}

export type SettingKey = keyof UserSettings;

export interface SettingsView {
  values: UserSettings;
  /** Settings an administrator's policy fixes; the Settings screen shows them read-only. */
  locked: SettingKey[];
  /** For locked settings, which policy source fixed each ("Windows policy for this computer"). */
  lockedBy?: Partial<Record<SettingKey, string>>;
}

export interface UnreadSummary {
  total: number;
  conversations: number;
  /** Unread messages that mention the user (a part of `total`): the tray and badge show them apart. */
  mentions: number;
}

export interface IncomingMessageEvent {
  conversationId: string;
  conversationTitle: string;
  senderName: string;
  body: string;
  sentAt: number;
  /** The message lists the user in `mentions`: notified even over another conversation, never in DND. */
  mentionsMe: boolean;
}

export interface ViewState {
  /** The conversation on screen, or null. */
  conversationId: string | null;
  /** The user's own effective status (notifications are suppressed in dnd). */
  status: Presence['status'];
}
