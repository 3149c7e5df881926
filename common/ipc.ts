import type { DeviceActivityPayload, PresenceSetPayload } from '@beacon/protocol';
import { z } from 'zod';
import type {
  ConnectionDefaults,
  DesktopBridge,
  DownloadResult,
  SettingsView,
  StoredSession,
} from './bridge';
import {
  downloadIdSchema,
  downloadRequestSchema,
  externalUrlSchema,
  incomingMessageEventSchema,
  presenceSchema,
  storedSessionSchema,
  unreadSummarySchema,
  userSettingsPatchSchema,
  viewStateSchema,
} from './bridge-schemas';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from './ipc-channels';

/**
 * Every IPC channel between the preload and the main process, declared once (names in
 * ipc-channels.ts, which the preload uses; the schemas here, which main uses).
 * Keys are the DesktopBridge method (or event) names; `args` is the schema the main
 * process validates the renderer's arguments with before anything else happens.
 */

/** Renderer → main, answered (ipcRenderer.invoke / ipcMain.handle). */
export const invokeChannels = {
  getConnectionDefaults: { channel: INVOKE_CHANNELS.getConnectionDefaults, args: z.tuple([]) },
  loadSession: { channel: INVOKE_CHANNELS.loadSession, args: z.tuple([]) },
  saveSession: { channel: INVOKE_CHANNELS.saveSession, args: z.tuple([storedSessionSchema]) },
  clearSession: { channel: INVOKE_CHANNELS.clearSession, args: z.tuple([]) },
  getSettings: { channel: INVOKE_CHANNELS.getSettings, args: z.tuple([]) },
  updateSettings: { channel: INVOKE_CHANNELS.updateSettings, args: z.tuple([userSettingsPatchSchema]) },
  openExternal: { channel: INVOKE_CHANNELS.openExternal, args: z.tuple([externalUrlSchema]) },
  getDeviceActivity: { channel: INVOKE_CHANNELS.getDeviceActivity, args: z.tuple([]) },
  downloadFile: { channel: INVOKE_CHANNELS.downloadFile, args: z.tuple([downloadRequestSchema]) },
  showDownloadInFolder: {
    channel: INVOKE_CHANNELS.showDownloadInFolder,
    args: z.tuple([downloadIdSchema]),
  },
} as const;

/** What each invoke channel answers. */
export interface InvokeResults {
  getConnectionDefaults: ConnectionDefaults;
  loadSession: StoredSession | null;
  saveSession: undefined;
  clearSession: undefined;
  getSettings: SettingsView;
  updateSettings: SettingsView;
  openExternal: undefined;
  getDeviceActivity: DeviceActivityPayload;
  downloadFile: DownloadResult;
  showDownloadInFolder: undefined;
}

/** Renderer → main, fire and forget (ipcRenderer.send / ipcMain.on). */
export const sendChannels = {
  reportPresence: { channel: SEND_CHANNELS.reportPresence, args: z.tuple([presenceSchema]) },
  reportUnread: { channel: SEND_CHANNELS.reportUnread, args: z.tuple([unreadSummarySchema]) },
  reportIncomingMessage: {
    channel: SEND_CHANNELS.reportIncomingMessage,
    args: z.tuple([incomingMessageEventSchema]),
  },
  reportView: { channel: SEND_CHANNELS.reportView, args: z.tuple([viewStateSchema]) },
} as const;

/** Main → renderer (webContents.send / ipcRenderer.on). The main process is trusted; no schema. */
export const eventChannels = EVENT_CHANNELS;

export interface EventPayloads {
  settingsChanged: SettingsView;
  /** The user's own choice in the tray menu only. */
  statusRequest: PresenceSetPayload;
  deviceActivity: DeviceActivityPayload;
  openConversation: string;
  editStatusMessage: undefined;
}

export type InvokeName = keyof typeof INVOKE_CHANNELS;
export type SendName = keyof typeof SEND_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;

export type InvokeArgs<N extends InvokeName> = z.infer<(typeof invokeChannels)[N]['args']>;
export type SendArgs<N extends SendName> = z.infer<(typeof sendChannels)[N]['args']>;

// The map must cover the bridge exactly: a new bridge method without a channel fails to compile.
type BridgeMethodName = Exclude<keyof DesktopBridge, 'host'>;
type ListenerName =
  | 'onSettingsChanged'
  | 'onStatusRequest'
  | 'onDeviceActivity'
  | 'onOpenConversation'
  | 'onEditStatusMessage';
type Covered = InvokeName | SendName | ListenerName;
type AssertExact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const bridgeCoverage: AssertExact<BridgeMethodName, Covered> = true;
