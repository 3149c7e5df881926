import { contextBridge, ipcRenderer } from 'electron';
import { createElectronBridge } from './bridge-client';

// The single API the page gets: `window.beacon`, a DesktopBridge (common/bridge.ts).
contextBridge.exposeInMainWorld('beacon', createElectronBridge(ipcRenderer));
