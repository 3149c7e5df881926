import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, SEND_CHANNELS } from '../common/ipc-channels';
import { createElectronBridge, type IpcRendererPort } from './bridge-client';

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements IpcRendererPort {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  answer: unknown = undefined;
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.answer);
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  on(channel: string, listener: Listener): void {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
  }
  removeListener(channel: string, listener: Listener): void {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, payload?: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'secret' }, payload);
  }
}

describe('createElectronBridge', () => {
  it('is the electron host', () => {
    expect(createElectronBridge(new FakeIpcRenderer()).host).toBe('electron');
  });

  it('invokes the declared channels with the arguments and returns the answer', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createElectronBridge(ipc);
    ipc.answer = { serverUrl: 'https://chat.acme.test', serverUrlLocked: true };
    await expect(bridge.getConnectionDefaults()).resolves.toEqual(ipc.answer);
    await bridge.updateSettings({ idleMinutes: 4 });
    await bridge.openExternal('https://example.com');
    await bridge.getDeviceActivity();
    await bridge.downloadFile({ fileId: 'f1', name: 'a.pdf' });
    await expect(bridge.showDownloadInFolder('dl-1')).resolves.toBeUndefined();
    await expect(
      bridge.saveSession({ serverUrl: 'x', token: 't', userId: 'u', email: 'e', expiresAt: null }),
    ).resolves.toBeUndefined();
    expect(ipc.invoked.map((call) => call.channel)).toEqual([
      INVOKE_CHANNELS.getConnectionDefaults,
      INVOKE_CHANNELS.updateSettings,
      INVOKE_CHANNELS.openExternal,
      INVOKE_CHANNELS.getDeviceActivity,
      INVOKE_CHANNELS.downloadFile,
      INVOKE_CHANNELS.showDownloadInFolder,
      INVOKE_CHANNELS.saveSession,
    ]);
    expect(ipc.invoked[4]?.args).toEqual([{ fileId: 'f1', name: 'a.pdf' }]);
    expect(ipc.invoked[1]?.args).toEqual([{ idleMinutes: 4 }]);
  });

  it('delivers device activity reports as they are', () => {
    const ipc = new FakeIpcRenderer();
    const activity = vi.fn();
    createElectronBridge(ipc).onDeviceActivity(activity);
    const report = { state: 'idle', since: 5, label: 'Windows', osFocus: null };
    ipc.emit(EVENT_CHANNELS.deviceActivity, report);
    expect(activity).toHaveBeenCalledWith(report);
  });

  it('sends reports without waiting', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createElectronBridge(ipc);
    bridge.reportUnread({ total: 2, conversations: 1, mentions: 1 });
    bridge.reportView({ conversationId: 'c1', status: 'available' });
    expect(ipc.sent).toEqual([
      { channel: SEND_CHANNELS.reportUnread, args: [{ total: 2, conversations: 1, mentions: 1 }] },
      { channel: SEND_CHANNELS.reportView, args: [{ conversationId: 'c1', status: 'available' }] },
    ]);
  });

  it('delivers host events without the IPC event object, until unsubscribed', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createElectronBridge(ipc);
    const requests = vi.fn();
    const edits = vi.fn();
    const off = bridge.onStatusRequest(requests);
    bridge.onEditStatusMessage(edits);
    ipc.emit(EVENT_CHANNELS.statusRequest, { status: 'busy' });
    ipc.emit(EVENT_CHANNELS.editStatusMessage);
    expect(requests).toHaveBeenCalledWith({ status: 'busy' });
    expect(requests.mock.calls[0]).toHaveLength(1);
    expect(edits).toHaveBeenCalledWith();
    off();
    off();
    ipc.emit(EVENT_CHANNELS.statusRequest, { status: 'dnd' });
    expect(requests).toHaveBeenCalledTimes(1);
    expect(ipc.listeners.get(EVENT_CHANNELS.statusRequest)?.size).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    const bridge = createElectronBridge(new FakeIpcRenderer());
    expect(() => bridge.onOpenConversation('nope' as unknown as (id: string) => void)).toThrow(
      /must be a function/,
    );
  });
});
