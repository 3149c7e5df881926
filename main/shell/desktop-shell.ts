import type { DeviceActivityPayload, Presence, PresenceStatus } from '@beacon/protocol';
import type { i18n } from 'i18next';
import type {
  ConnectionDefaults,
  IncomingMessageEvent,
  StoredSession,
  UnreadSummary,
  ViewState,
} from '../../common/bridge';
import { deviceLabel } from '../../common/device-label';
import { createI18n, type Language, resolveLanguage, type Translate } from '../../common/i18n';
import { isLookingAtApp } from '../../common/notifications/attention';
import {
  contentFor,
  decideNotification,
  type NotificationDecision,
  shouldFlashTaskbar,
} from '../../common/notifications/notification-policy';
import { buildBadgeModel } from '../badge/badge-model';
import { DownloadManager, type DownloadsPort } from '../downloads/download-manager';
import { SessionDownloads } from '../downloads/session-downloads';
import { OsFocusMonitor, type OsFocusPort, type OsFocusReading, UNKNOWN_OS_FOCUS } from '../focus/os-focus';
import { DeviceActivityReport } from '../idle/device-activity';
import { IdleMonitor, type PowerSource, type Scheduler } from '../idle/idle-monitor';
import type { InvokeHandlers, SendHandlers } from '../ipc/ipc-router';
import { errorMessage, type Logger } from '../logger';
import { NotificationCenter, type NotificationPort } from '../notifications/notification-center';
import type { SessionStore } from '../session/session-store';
import type { SettingsStore } from '../settings/settings-store';
import { buildTrayModel, type TrayCommand } from '../tray/tray-model';
import type { BadgePort, MainWindowPort, TrayPort } from './ports';

export interface DesktopShellOptions {
  window: MainWindowPort;
  tray: TrayPort;
  badge: BadgePort;
  notifications: NotificationPort;
  power: PowerSource;
  scheduler: Scheduler;
  settings: SettingsStore;
  session: SessionStore;
  openExternal(url: string): Promise<void>;
  quit(): void;
  log: Logger;
  idlePollSeconds?: number;
  /**
   * The OS's own Do not disturb and presentation state (main/adapters/os-focus.ts); without
   * it nothing is known and nothing is held back.
   */
  osFocus?: OsFocusPort;
  osFocusPollSeconds?: number;
  /** This device in `device:activity` (common/device-label.ts); default: from this OS. */
  deviceLabel?: string;
  /** The user's locale for times in the tray ("until 14:30"); default: the system's. */
  locale?: string;
  /**
   * The OS's preferred languages, best first (Electron: `app.getPreferredSystemLanguages()`,
   * then `app.getLocale()`): the UI language unless the `language` setting fixes one.
   */
  preferredLanguages?: readonly string[];
  /** Electron's download handling (main/adapters/downloads.ts). */
  downloads: DownloadsPort;
  /** A download the page started itself (a blob: URL of the app's page). */
  isPageDownload(url: string): boolean;
}

/**
 * The desktop behaviour, free of Electron: the renderer reports (presence, unread, incoming
 * messages, what is on screen) drive the tray, badge and notifications; the tray and
 * notification clicks ask the renderer to act. The device's own facts (idle, locked,
 * suspended, the OS focus) go to the renderer as `deviceActivity`, never as a status: the
 * server decides the status. main/index.ts plugs in the Electron adapters; the tests plug in fakes.
 */
export class DesktopShell {
  private presence: Presence | null = null;
  private unread: UnreadSummary = { total: 0, conversations: 0, mentions: 0 };
  private view: ViewState | null = null;
  /** The signed-in session: its server (CSP) and token (downloads). */
  private session: StoredSession | null = null;
  readonly idle: IdleMonitor;
  readonly notifications: NotificationCenter;
  private lastDecision: { conversationId: string; decision: NotificationDecision } | null = null;
  /** Null when there is no OS focus source (Linux, or none given). */
  readonly osFocus: OsFocusMonitor | null;
  private readonly activity: DeviceActivityReport;
  readonly downloads: SessionDownloads;
  /** The main process's own texts (tray, notifications, dialogs), in the UI language. */
  private readonly i18n: i18n;

  /** The translator for the current UI language. */
  get t(): Translate {
    return this.i18n.t;
  }

  /** The UI language: the `language` setting, or the OS's preferred languages. */
  resolveLanguage(): Language {
    const setting = this.options.settings.values.language;
    return resolveLanguage(
      this.options.preferredLanguages ?? [this.options.locale ?? ''],
      setting === 'system' ? null : setting,
    );
  }

  constructor(private readonly options: DesktopShellOptions) {
    const downloads = new DownloadManager({
      port: options.downloads,
      notifications: options.notifications,
      notificationsEnabled: () => options.settings.values.notificationsEnabled,
      translate: () => this.t,
      isPageDownload: (url) => options.isPageDownload(url),
      log: options.log,
    });
    this.downloads = new SessionDownloads(downloads, () => this.session);
    this.osFocus = options.osFocus
      ? new OsFocusMonitor({
          port: options.osFocus,
          scheduler: options.scheduler,
          log: options.log,
          pollSeconds: options.osFocusPollSeconds,
          onChange: (reading) => this.osFocusChanged(reading),
        })
      : null;
    this.notifications = new NotificationCenter(options.notifications, (id) => this.openConversation(id));
    this.idle = new IdleMonitor({
      power: options.power,
      scheduler: options.scheduler,
      thresholdSeconds: options.settings.values.idleMinutes * 60,
      pollSeconds: options.idlePollSeconds,
      onChange: (fact) => this.publishActivity(this.activity.setFact(fact)),
    });
    this.activity = new DeviceActivityReport(
      options.deviceLabel ?? deviceLabel(process.platform),
      this.idle.snapshot(),
      options.settings.values.dndDuringOsFocus,
    );
    this.i18n = createI18n(this.resolveLanguage());
    options.settings.onChange((view) => {
      const language = this.resolveLanguage();
      if (language !== this.i18n.language) {
        void this.i18n.changeLanguage(language);
        this.renderTray();
        this.options.badge.apply(buildBadgeModel(this.unread, this.t));
      }
      this.idle.setThresholdSeconds(view.values.idleMinutes * 60);
      this.publishActivity(this.activity.setFollowOsFocus(view.values.dndDuringOsFocus));
      options.window.send('settingsChanged', view);
    });
  }

  start(): void {
    this.renderTray();
    this.options.badge.apply(buildBadgeModel({ total: 0, mentions: 0 }, this.t));
    this.idle.start();
    this.osFocus?.start();
  }

  stop(): void {
    this.idle.stop();
    this.osFocus?.stop();
    this.notifications.dismissAll();
  }

  /** What the renderer can ask of the host (validated by the IPC router first). */
  readonly invokeHandlers: InvokeHandlers = {
    getConnectionDefaults: () => this.connectionDefaults(),
    loadSession: async () => {
      const session = await this.options.session.load();
      this.session = session;
      return session;
    },
    saveSession: async (session: StoredSession) => {
      await this.options.session.save(session);
      this.session = session;
      return undefined;
    },
    clearSession: async () => {
      await this.options.session.clear();
      // Signing out: the tray forgets the status until the next sign-in.
      this.resetRendererState();
      this.session = null;
      return undefined;
    },
    getSettings: () => this.options.settings.view,
    updateSettings: (patch) => this.options.settings.update(patch),
    openExternal: async (url) => {
      await this.options.openExternal(url);
      return undefined;
    },
    getDeviceActivity: () => this.activity.current,
    // Delegated lazily: field initialisers run before the constructor creates `downloads`.
    downloadFile: (request) => this.downloads.handlers.downloadFile(request),
    showDownloadInFolder: (downloadId) => this.downloads.handlers.showDownloadInFolder(downloadId),
  };

  /** What the renderer reports to the host. */
  readonly sendHandlers: SendHandlers = {
    reportPresence: (presence) => {
      this.presence = presence;
      this.renderTray();
    },
    reportUnread: (summary) => {
      this.unread = summary;
      this.renderTray();
      this.options.badge.apply(buildBadgeModel(summary, this.t));
      if (summary.total === 0) this.options.window.flashFrame(false);
    },
    reportIncomingMessage: (event) => this.incomingMessage(event),
    reportView: (view) => {
      this.view = view;
      if (isLookingAtApp(this.windowAttention()) && view.conversationId !== null)
        this.notifications.dismiss(view.conversationId);
    },
  };

  /**
   * The page (re)loaded or the user signed out: the tray forgets the status until the next
   * report. The device's facts stay; the new page reads them with `getDeviceActivity`.
   */
  resetRendererState(): void {
    this.presence = null;
    this.view = null;
    this.renderTray();
  }

  handleTrayCommand(command: TrayCommand): void {
    switch (command.kind) {
      case 'set-status':
        // The only status request the host ever sends: the user's own choice in the tray menu.
        this.options.log.info('status chosen in the tray', { status: command.status });
        this.options.window.send('statusRequest', { status: command.status });
        return;
      case 'edit-status-message':
        this.showWindow();
        this.options.window.send('editStatusMessage', undefined);
        return;
      case 'open':
        this.showWindow();
        return;
      case 'quit':
        this.options.quit();
        return;
    }
  }

  /** The window got the focus: stop flashing, drop the notification of what is on screen. */
  windowFocused(): void {
    this.options.window.flashFrame(false);
    if (this.view?.conversationId) this.notifications.dismiss(this.view.conversationId);
  }

  showWindow(): void {
    this.options.window.show();
  }

  openConversation(conversationId: string): void {
    this.showWindow();
    this.options.window.send('openConversation', conversationId);
  }

  connectionDefaults(): ConnectionDefaults {
    const view = this.options.settings.view;
    return { serverUrl: view.values.serverUrl, serverUrlLocked: view.locked.includes('serverUrl') };
  }

  /** Servers the renderer may connect to (for the Content-Security-Policy). */
  knownServerUrls(): string[] {
    const urls = [this.options.settings.values.serverUrl, this.session?.serverUrl ?? null];
    return urls.filter((url): url is string => typeof url === 'string');
  }

  get status(): PresenceStatus | null {
    return this.presence?.status ?? null;
  }

  /** What this device reports now (`device:activity`). */
  get deviceActivity(): DeviceActivityPayload {
    return this.activity.current;
  }

  get lastNotificationDecision(): { conversationId: string; decision: NotificationDecision } | null {
    return this.lastDecision;
  }

  private publishActivity(report: DeviceActivityPayload | null): void {
    if (report === null) return;
    this.options.log.info('device activity to the renderer', { ...report });
    this.options.window.send('deviceActivity', report);
  }

  private windowAttention() {
    const window = this.options.window;
    return { focused: window.isFocused(), visible: window.isVisible(), minimized: window.isMinimized() };
  }

  private incomingMessage(event: IncomingMessageEvent): void {
    const settings = this.options.settings.values;
    const window = this.options.window;
    // A synchronous source (Windows) is read now; an asynchronous one (macOS) gives its last poll.
    this.osFocus?.refresh();
    const decision = decideNotification(event, {
      settings,
      status: this.status,
      view: this.view,
      window: this.windowAttention(),
      now: new Date(this.options.scheduler.now()),
      osFocus: this.osFocus?.current ?? UNKNOWN_OS_FOCUS,
    });
    this.lastDecision = { conversationId: event.conversationId, decision };
    if (decision.show) {
      try {
        this.notifications.show(
          event.conversationId,
          contentFor(decision, event, settings.notificationSound, this.t),
        );
      } catch (error) {
        this.options.log.error('cannot show a notification', { error: errorMessage(error) });
      }
    }
    if (shouldFlashTaskbar(decision, settings.flashTaskbar, window.isFocused())) window.flashFrame(true);
  }

  private osFocusChanged(reading: OsFocusReading): void {
    this.renderTray();
    this.publishActivity(this.activity.setOsFocus(reading));
  }

  private renderTray(): void {
    this.options.tray.render(
      buildTrayModel(
        {
          status: this.status,
          unread: this.unread.total,
          mentions: this.unread.mentions,
          osFocus: this.osFocus?.current ?? UNKNOWN_OS_FOCUS,
          presence: this.presence ?? undefined,
          clock: { now: this.options.scheduler.now(), locale: this.options.locale },
        },
        this.t,
      ),
    );
  }
}
