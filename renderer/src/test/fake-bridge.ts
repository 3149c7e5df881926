import type { DeviceActivityPayload, Presence, PresenceSetPayload } from '@beacon/protocol';
import { vi } from 'vitest';
import type {
  DesktopBridge,
  DownloadRequest,
  DownloadResult,
  IncomingMessageEvent,
  SettingKey,
  SettingsView,
  StoredSession,
  UnreadSummary,
  UserSettings,
  ViewState,
} from '../bridge';
import { DEFAULT_SETTINGS } from '../bridge/defaults';

/** An in-memory host for component tests; records what the renderer reports. */
export class FakeBridge implements DesktopBridge {
  host: 'electron' | 'web' = 'electron';
  session: StoredSession | null = null;
  settings: UserSettings = { ...DEFAULT_SETTINGS };
  locked: SettingKey[] = [];
  serverUrl: string | null = 'http://beacon.test';
  serverUrlLocked = false;
  readonly reportPresence = vi.fn((_presence: Presence) => undefined);
  readonly reportUnread = vi.fn((_summary: UnreadSummary) => undefined);
  readonly reportIncomingMessage = vi.fn((_event: IncomingMessageEvent) => undefined);
  readonly reportView = vi.fn((_view: ViewState) => undefined);
  readonly openExternal = vi.fn(async (_url: string) => undefined);
  readonly downloadFile = vi.fn(
    async (request: DownloadRequest): Promise<DownloadResult> => ({
      downloadId: 'dl-1',
      name: request.name,
      state: 'completed',
    }),
  );
  readonly showDownloadInFolder = vi.fn(async (_downloadId: string) => undefined);
  deviceActivity: DeviceActivityPayload = { state: 'active', since: 0, label: 'Windows', osFocus: null };
  private readonly statusListeners = new Set<(request: PresenceSetPayload) => void>();
  private readonly activityListeners = new Set<(activity: DeviceActivityPayload) => void>();
  private readonly openListeners = new Set<(conversationId: string) => void>();
  private readonly editListeners = new Set<() => void>();
  private readonly settingsListeners = new Set<(settings: SettingsView) => void>();

  async getConnectionDefaults() {
    return { serverUrl: this.serverUrl, serverUrlLocked: this.serverUrlLocked };
  }
  async loadSession() {
    return this.session;
  }
  async saveSession(session: StoredSession) {
    this.session = session;
  }
  async clearSession() {
    this.session = null;
  }
  async getSettings(): Promise<SettingsView> {
    return { values: this.settings, locked: this.locked };
  }
  async updateSettings(patch: Partial<UserSettings>): Promise<SettingsView> {
    this.settings = { ...this.settings, ...patch };
    const view = { values: this.settings, locked: this.locked };
    for (const listener of this.settingsListeners) listener(view);
    return view;
  }
  onSettingsChanged(listener: (settings: SettingsView) => void) {
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }
  onStatusRequest(listener: (request: PresenceSetPayload) => void) {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
  onDeviceActivity(listener: (activity: DeviceActivityPayload) => void) {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }
  async getDeviceActivity() {
    return this.deviceActivity;
  }
  onOpenConversation(listener: (conversationId: string) => void) {
    this.openListeners.add(listener);
    return () => this.openListeners.delete(listener);
  }
  onEditStatusMessage(listener: () => void) {
    this.editListeners.add(listener);
    return () => this.editListeners.delete(listener);
  }

  /** The device's state changed (idle, locked…), as the host reports it. */
  reportDeviceActivity(activity: DeviceActivityPayload): void {
    this.deviceActivity = activity;
    for (const listener of this.activityListeners) listener(activity);
  }
  /** The user chose a status in the host's tray menu. */
  requestStatus(request: PresenceSetPayload): void {
    for (const listener of this.statusListeners) listener(request);
  }
  requestOpen(conversationId: string): void {
    for (const listener of this.openListeners) listener(conversationId);
  }
}
