/**
 * The IPC channel names, by DesktopBridge method or event name. Kept free of schemas so the
 * sandboxed preload bundles only these strings; common/ipc.ts pairs each with its schema.
 */
export const INVOKE_CHANNELS = {
  getConnectionDefaults: 'beacon:connection:defaults',
  loadSession: 'beacon:session:load',
  saveSession: 'beacon:session:save',
  clearSession: 'beacon:session:clear',
  getSettings: 'beacon:settings:get',
  updateSettings: 'beacon:settings:update',
  openExternal: 'beacon:shell:open-external',
  getDeviceActivity: 'beacon:device:activity',
  downloadFile: 'beacon:downloads:start',
  showDownloadInFolder: 'beacon:downloads:show-in-folder',
} as const;

export const SEND_CHANNELS = {
  reportPresence: 'beacon:report:presence',
  reportUnread: 'beacon:report:unread',
  reportIncomingMessage: 'beacon:report:incoming-message',
  reportView: 'beacon:report:view',
} as const;

/** Main → renderer. */
export const EVENT_CHANNELS = {
  settingsChanged: 'beacon:event:settings-changed',
  statusRequest: 'beacon:event:status-request',
  openConversation: 'beacon:event:open-conversation',
  editStatusMessage: 'beacon:event:edit-status-message',
  deviceActivity: 'beacon:event:device-activity',
} as const;
