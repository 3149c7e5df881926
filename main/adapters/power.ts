import { powerMonitor } from 'electron';
import type { PowerEvent, PowerSource } from '../idle/idle-monitor';

export const electronPower: PowerSource = {
  getSystemIdleTime: () => powerMonitor.getSystemIdleTime(),
  on: (event: PowerEvent, listener: () => void) => {
    powerMonitor.on(event as 'lock-screen', listener);
  },
  off: (event: PowerEvent, listener: () => void) => {
    powerMonitor.off(event as 'lock-screen', listener);
  },
};
