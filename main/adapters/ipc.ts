import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain } from 'electron';
import type { IpcMainPort, IpcSender } from '../ipc/ipc-router';

function senderOf(event: IpcMainEvent | IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  if (!frame) return { frameUrl: null, isMainFrame: false };
  return { frameUrl: frame.url, isMainFrame: frame.parent === null };
}

export const electronIpc: IpcMainPort = {
  handle: (channel, handler) => ipcMain.handle(channel, (event, ...args) => handler(senderOf(event), args)),
  on: (channel, listener) => {
    ipcMain.on(channel, (event, ...args) => listener(senderOf(event), args));
  },
  removeHandler: (channel) => ipcMain.removeHandler(channel),
  removeAllListeners: (channel) => {
    ipcMain.removeAllListeners(channel);
  },
};
