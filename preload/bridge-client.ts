import type { DesktopBridge, Unsubscribe } from '../common/bridge';
import type { EventName, EventPayloads, InvokeName, InvokeResults, SendName } from '../common/ipc';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from '../common/ipc-channels';

/** The part of Electron's ipcRenderer the bridge uses (faked in tests). */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The DesktopBridge the preload exposes as `window.beacon`. Every method is a thin call
 * over a channel declared in common/ipc.ts; the main process validates the arguments.
 * Listeners never see the IPC event object (it would hand the page `sender`).
 */
export function createElectronBridge(ipc: IpcRendererPort): DesktopBridge {
  const invoke = <N extends InvokeName>(name: N, ...args: unknown[]): Promise<InvokeResults[N]> =>
    ipc.invoke(INVOKE_CHANNELS[name], ...args) as Promise<InvokeResults[N]>;

  const send = (name: SendName, arg: unknown): void => {
    ipc.send(SEND_CHANNELS[name], arg);
  };

  const subscribe = <N extends EventName>(
    name: N,
    listener: (payload: EventPayloads[N]) => void,
  ): Unsubscribe => {
    if (typeof listener !== 'function') throw new TypeError(`${name}: listener must be a function`);
    const channel = EVENT_CHANNELS[name];
    const handler = (_event: unknown, payload?: unknown): void => listener(payload as EventPayloads[N]);
    ipc.on(channel, handler);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(channel, handler);
    };
  };

  return {
    host: 'electron',
    getConnectionDefaults: () => invoke('getConnectionDefaults'),
    loadSession: () => invoke('loadSession'),
    saveSession: async (session) => {
      await invoke('saveSession', session);
    },
    clearSession: async () => {
      await invoke('clearSession');
    },
    getSettings: () => invoke('getSettings'),
    updateSettings: (patch) => invoke('updateSettings', patch),
    onSettingsChanged: (listener) => subscribe('settingsChanged', listener),
    reportPresence: (presence) => send('reportPresence', presence),
    reportUnread: (summary) => send('reportUnread', summary),
    reportIncomingMessage: (event) => send('reportIncomingMessage', event),
    reportView: (view) => send('reportView', view),
    onStatusRequest: (listener) => subscribe('statusRequest', listener),
    onDeviceActivity: (listener) => subscribe('deviceActivity', listener),
    getDeviceActivity: () => invoke('getDeviceActivity'),
    onOpenConversation: (listener) => subscribe('openConversation', listener),
    onEditStatusMessage: (listener) => subscribe('editStatusMessage', () => listener()),
    openExternal: async (url) => {
      await invoke('openExternal', url);
    },
    downloadFile: (request) => invoke('downloadFile', request),
    showDownloadInFolder: async (downloadId) => {
      await invoke('showDownloadInFolder', downloadId);
    },
  };
}
