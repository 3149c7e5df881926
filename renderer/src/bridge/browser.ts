import type { DeviceActivityPayload, Presence, PresenceSetPayload } from '@beacon/protocol';
import type {
  ConnectionDefaults,
  DesktopBridge,
  DownloadRequest,
  DownloadResult,
  IncomingMessageEvent,
  SettingsView,
  StoredSession,
  UnreadSummary,
  Unsubscribe,
  UserSettings,
  ViewState,
} from '../../../common/bridge';
import { contentFor, decideNotification } from '../../../common/notifications/notification-policy';
import { safeExternalUrl } from '../lib/linkify';
import { downloadWithLink } from './browser-download';
import { DEFAULT_SETTINGS, sanitiseSettings } from './defaults';
import { TabActivity } from './tab-activity';

const SESSION_KEY = 'beacon.session';
const SETTINGS_KEY = 'beacon.settings';
const APP_TITLE = 'Beacon';

function parseStoredSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== 'object') return null;
    const s = value as Record<string, unknown>;
    if (
      typeof s.serverUrl !== 'string' ||
      typeof s.token !== 'string' ||
      typeof s.userId !== 'string' ||
      typeof s.email !== 'string'
    ) {
      return null;
    }
    const expiresAt = typeof s.expiresAt === 'number' ? s.expiresAt : null;
    return { serverUrl: s.serverUrl, token: s.token, userId: s.userId, email: s.email, expiresAt };
  } catch {
    return null;
  }
}

class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): Unsubscribe {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.set]) listener(value);
  }
  get size(): number {
    return this.set.size;
  }
}

/**
 * The host bridge of the plain web page: localStorage for the session and settings (no administrator
 * locks), the Notification API when the user allowed it (with the desktop's notification policy,
 * common/notifications/), the tab title as unread badge, and device activity from input in this
 * tab (tab-activity.ts) standing in for the desktop's system idle time. It never asks for a status.
 */
export class BrowserBridge implements DesktopBridge {
  readonly host = 'web' as const;

  private readonly settingsListeners = new Listeners<SettingsView>();
  private readonly statusListeners = new Listeners<PresenceSetPayload>();
  private readonly activityListeners = new Listeners<DeviceActivityPayload>();
  private readonly openListeners = new Listeners<string>();
  private readonly editStatusListeners = new Listeners<void>();
  private view: ViewState = { conversationId: null, status: 'available' };
  private status: Presence['status'] | null = null;
  private readonly tabActivity: TabActivity;
  private downloads = 0;
  private readonly onStorage = (event: StorageEvent): void => {
    if (event.key === SETTINGS_KEY) this.settingsListeners.emit(this.readSettingsView());
  };

  constructor(private readonly win: Window) {
    win.addEventListener('storage', this.onStorage);
    this.tabActivity = new TabActivity(win, {
      thresholdMs: () => this.readSettingsView().values.idleMinutes * 60_000,
      onChange: (report) => this.activityListeners.emit(report),
    });
  }

  async getConnectionDefaults(): Promise<ConnectionDefaults> {
    const { protocol, origin } = this.win.location;
    const served = protocol === 'http:' || protocol === 'https:';
    return { serverUrl: served ? origin : null, serverUrlLocked: false };
  }

  async loadSession(): Promise<StoredSession | null> {
    return parseStoredSession(this.storageGet(SESSION_KEY));
  }

  async saveSession(session: StoredSession): Promise<void> {
    this.storageSet(SESSION_KEY, JSON.stringify(session));
  }

  async clearSession(): Promise<void> {
    try {
      this.win.localStorage.removeItem(SESSION_KEY);
    } catch {
      // Storage disabled: nothing was kept.
    }
  }

  async getSettings(): Promise<SettingsView> {
    return this.readSettingsView();
  }

  async updateSettings(patch: Partial<UserSettings>): Promise<SettingsView> {
    const next = sanitiseSettings({ ...this.readSettingsView().values, ...patch });
    this.storageSet(SETTINGS_KEY, JSON.stringify(next));
    const view = this.readSettingsView();
    this.settingsListeners.emit(view);
    if (patch.idleMinutes !== undefined) this.tabActivity.rearm();
    return view;
  }

  onSettingsChanged(listener: (settings: SettingsView) => void): Unsubscribe {
    return this.settingsListeners.add(listener);
  }

  reportPresence(presence: Presence): void {
    this.status = presence.status;
    this.view = { ...this.view, status: presence.status };
  }

  reportUnread(summary: UnreadSummary): void {
    const mentions = summary.mentions > 0 ? ` · @${summary.mentions}` : '';
    this.win.document.title = summary.total > 0 ? `(${summary.total}${mentions}) ${APP_TITLE}` : APP_TITLE;
  }

  reportIncomingMessage(event: IncomingMessageEvent): void {
    const settings = this.readSettingsView().values;
    const doc = this.win.document;
    const decision = decideNotification(event, {
      settings,
      status: this.status,
      view: this.view,
      // A tab cannot be minimized on its own; a minimized browser window is not visible.
      window: { focused: doc.hasFocus(), visible: doc.visibilityState === 'visible', minimized: false },
      now: new Date(),
    });
    if (!decision.show) return;
    const NotificationApi = this.notificationApi();
    if (NotificationApi?.permission !== 'granted') return;
    const content = contentFor(decision, event, settings.notificationSound);
    const notification = new NotificationApi(content.title, {
      body: content.body,
      tag: event.conversationId,
      silent: content.silent,
    });
    notification.onclick = () => {
      this.win.focus();
      this.openListeners.emit(event.conversationId);
      notification.close();
    };
  }

  reportView(view: ViewState): void {
    this.view = view;
  }

  /** The web page has no tray menu: nothing ever asks for a status here. */
  onStatusRequest(listener: (request: PresenceSetPayload) => void): Unsubscribe {
    return this.statusListeners.add(listener);
  }

  onDeviceActivity(listener: (activity: DeviceActivityPayload) => void): Unsubscribe {
    const unsubscribe = this.activityListeners.add(listener);
    if (this.activityListeners.size === 1) this.tabActivity.start();
    return () => {
      unsubscribe();
      if (this.activityListeners.size === 0) this.tabActivity.stop();
    };
  }

  async getDeviceActivity(): Promise<DeviceActivityPayload> {
    return this.tabActivity.current;
  }

  onOpenConversation(listener: (conversationId: string) => void): Unsubscribe {
    return this.openListeners.add(listener);
  }

  onEditStatusMessage(listener: () => void): Unsubscribe {
    return this.editStatusListeners.add(listener);
  }

  async openExternal(url: string): Promise<void> {
    const safe = safeExternalUrl(url);
    if (!safe)
      throw new Error(`Refusing to open "${url}": only http(s) and mailto links open outside the app.`);
    this.win.open(safe, '_blank', 'noopener,noreferrer');
  }

  async downloadFile(request: DownloadRequest): Promise<DownloadResult> {
    this.downloads += 1;
    return downloadWithLink(this.win, await this.loadSession(), request, `dl-${this.downloads}`);
  }

  async showDownloadInFolder(_downloadId: string): Promise<void> {
    throw new Error('The browser shows downloads in its own downloads list.');
  }

  /** Asks the browser for notification permission (must follow a user gesture). */
  async requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
    const NotificationApi = this.notificationApi();
    if (!NotificationApi) return 'unsupported';
    return NotificationApi.requestPermission();
  }

  notificationPermission(): NotificationPermission | 'unsupported' {
    return this.notificationApi()?.permission ?? 'unsupported';
  }

  dispose(): void {
    this.win.removeEventListener('storage', this.onStorage);
    this.tabActivity.stop();
  }

  private notificationApi(): typeof Notification | undefined {
    return (this.win as Window & { Notification?: typeof Notification }).Notification;
  }

  private readSettingsView(): SettingsView {
    const raw = this.storageGet(SETTINGS_KEY);
    let parsed: unknown = null;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = null;
    }
    return { values: raw ? sanitiseSettings(parsed) : { ...DEFAULT_SETTINGS }, locked: [] };
  }

  private storageGet(key: string): string | null {
    try {
      return this.win.localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  private storageSet(key: string, value: string): void {
    try {
      this.win.localStorage.setItem(key, value);
    } catch (error) {
      throw new Error(
        `The browser refused to save data (${error instanceof Error ? error.message : 'storage error'}).`,
      );
    }
  }
}

export function createBrowserBridge(win: Window = window): BrowserBridge {
  return new BrowserBridge(win);
}
