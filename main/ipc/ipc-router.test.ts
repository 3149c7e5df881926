import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/bridge-schemas';
import { invokeChannels, sendChannels } from '../../common/ipc';
import { RecordingLogger } from '../testing/fakes';
import {
  type InvokeHandlers,
  type IpcMainPort,
  type IpcSender,
  registerIpc,
  type SendHandlers,
} from './ipc-router';

class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (sender: IpcSender, args: unknown[]) => Promise<unknown>>();
  readonly listeners = new Map<string, (sender: IpcSender, args: unknown[]) => void>();
  handle(channel: string, handler: (sender: IpcSender, args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  on(channel: string, listener: (sender: IpcSender, args: unknown[]) => void): void {
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  }
  invoke(channel: string, sender: IpcSender, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(sender, args);
  }
  send(channel: string, sender: IpcSender, ...args: unknown[]): void {
    this.listeners.get(channel)?.(sender, args);
  }
}

const app: IpcSender = { frameUrl: 'app://beacon/index.html', isMainFrame: true };
const view = { values: DEFAULT_SETTINGS, locked: [] };
const presence = {
  userId: 'u1',
  status: 'busy',
  message: 'In a call',
  idleSince: null,
  updatedAt: 5,
} as const;

function setup() {
  const ipc = new FakeIpcMain();
  const invoke: InvokeHandlers = {
    getConnectionDefaults: vi.fn(() => ({ serverUrl: null, serverUrlLocked: false })),
    loadSession: vi.fn(async () => null),
    saveSession: vi.fn(async () => undefined),
    clearSession: vi.fn(async () => undefined),
    getSettings: vi.fn(() => view),
    updateSettings: vi.fn(async () => view),
    openExternal: vi.fn(async () => undefined),
    getDeviceActivity: vi.fn(() => ({ state: 'active', since: 1, label: 'Windows', osFocus: null }) as const),
    downloadFile: vi.fn(async () => ({ downloadId: 'dl-1', name: 'a.pdf', state: 'completed' }) as const),
    showDownloadInFolder: vi.fn(async () => undefined),
  };
  const send: SendHandlers = {
    reportPresence: vi.fn(),
    reportUnread: vi.fn(),
    reportIncomingMessage: vi.fn(),
    reportView: vi.fn(),
  };
  const log = new RecordingLogger();
  const unregister = registerIpc({
    ipc,
    invoke,
    send,
    isTrustedUrl: (url) => url.startsWith('app://beacon/'),
    log,
  });
  return { ipc, invoke, send, log, unregister };
}

describe('registerIpc', () => {
  it('registers every declared channel exactly once, and removes them all', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual(
      Object.values(invokeChannels)
        .map((c) => c.channel)
        .sort(),
    );
    expect([...ipc.listeners.keys()].sort()).toEqual(
      Object.values(sendChannels)
        .map((c) => c.channel)
        .sort(),
    );
    unregister();
    expect(ipc.handlers.size + ipc.listeners.size).toBe(0);
  });

  it('passes valid arguments to the handler and returns its answer', async () => {
    const { ipc, invoke } = setup();
    await expect(ipc.invoke(invokeChannels.getSettings.channel, app)).resolves.toEqual(view);
    await ipc.invoke(invokeChannels.updateSettings.channel, app, { idleMinutes: 9 });
    expect(invoke.updateSettings).toHaveBeenCalledWith({ idleMinutes: 9 });
  });

  it.each([
    [
      invokeChannels.updateSettings.channel,
      [{ idleMinutes: -1 }],
      /updateSettings: invalid arguments: 0\.idleMinutes/,
    ],
    [invokeChannels.updateSettings.channel, [{ nodeIntegration: true }], /updateSettings: invalid arguments/],
    [invokeChannels.openExternal.channel, ['file:///etc/passwd'], /only http, https and mailto/],
    [invokeChannels.openExternal.channel, [42], /openExternal: invalid arguments/],
    [invokeChannels.saveSession.channel, [{ token: 'x' }], /saveSession: invalid arguments/],
    [invokeChannels.getSettings.channel, ['extra'], /getSettings: invalid arguments/],
    [invokeChannels.downloadFile.channel, [{ fileId: 'f1' }], /downloadFile: invalid arguments: 0\.name/],
    [
      invokeChannels.downloadFile.channel,
      [{ fileId: 'f1', name: 'a', url: 'https://evil.test/' }],
      /downloadFile: invalid arguments/,
    ],
    [
      invokeChannels.showDownloadInFolder.channel,
      ['/home/alice/.ssh/id_rsa'],
      /showDownloadInFolder: invalid arguments: 0: must be a download id/,
    ],
  ])('rejects bad arguments on %s without calling the handler', async (channel, args, message) => {
    const { ipc, invoke } = setup();
    await expect(ipc.invoke(channel, app, ...args)).rejects.toThrow(message);
    for (const handler of Object.values(invoke)) expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    { frameUrl: 'https://evil.test/', isMainFrame: true },
    { frameUrl: 'app://beacon/index.html', isMainFrame: false },
    { frameUrl: null, isMainFrame: true },
  ])('refuses a sender that is not the app page: %j', async (sender) => {
    const { ipc, invoke, send, log } = setup();
    await expect(ipc.invoke(invokeChannels.loadSession.channel, sender)).rejects.toThrow(/not allowed/);
    ipc.send(sendChannels.reportPresence.channel, sender, presence);
    expect(invoke.loadSession).not.toHaveBeenCalled();
    expect(send.reportPresence).not.toHaveBeenCalled();
    expect(log.messages('warn')).toContain('IPC dropped: untrusted sender');
  });

  it('delivers valid reports and drops invalid ones with a log line', () => {
    const { ipc, send, log } = setup();
    ipc.send(sendChannels.reportPresence.channel, app, presence);
    ipc.send(sendChannels.reportPresence.channel, app, { ...presence, status: 'sleeping' });
    ipc.send(sendChannels.reportUnread.channel, app, { total: -1, conversations: 0, mentions: 0 });
    ipc.send(sendChannels.reportUnread.channel, app, { total: 1, conversations: 1 });
    ipc.send(sendChannels.reportUnread.channel, app, { total: 3, conversations: 2, mentions: 1 });
    expect(send.reportPresence).toHaveBeenCalledTimes(1);
    expect(send.reportPresence).toHaveBeenCalledWith(presence);
    expect(send.reportUnread).toHaveBeenCalledTimes(1);
    expect(send.reportUnread).toHaveBeenCalledWith({ total: 3, conversations: 2, mentions: 1 });
    expect(log.messages('warn')).toEqual([
      'IPC dropped: invalid arguments',
      'IPC dropped: invalid arguments',
      'IPC dropped: invalid arguments',
    ]);
  });

  it('passes a handler error to the renderer and keeps a listener error inside', async () => {
    const { ipc, invoke, send, log } = setup();
    vi.mocked(invoke.updateSettings).mockRejectedValueOnce(
      new Error('idleMinutes is set by your administrator'),
    );
    await expect(ipc.invoke(invokeChannels.updateSettings.channel, app, { idleMinutes: 3 })).rejects.toThrow(
      /administrator/,
    );
    vi.mocked(send.reportView).mockImplementationOnce(() => {
      throw new Error('boom');
    });
    expect(() =>
      ipc.send(sendChannels.reportView.channel, app, { conversationId: null, status: 'busy' }),
    ).not.toThrow();
    expect(log.messages('error')).toEqual(['IPC listener failed']);
  });
});
