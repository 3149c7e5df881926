import type { DeviceActivityPayload } from '@beacon/protocol';
import type { DesktopBridge, Unsubscribe } from '../bridge';

export interface DeviceActivitySink {
  reportDeviceActivity(report: DeviceActivityPayload): Promise<void>;
}

/**
 * Forwards the host's device facts (active, idle, locked, suspended, OS focus) to the server as
 * `device:activity`. Starts with the device's current state, so a reloaded window reports at once;
 * the client itself re-sends the last state after each reconnect.
 */
export function syncDeviceActivity(
  bridge: Pick<DesktopBridge, 'onDeviceActivity' | 'getDeviceActivity'>,
  client: DeviceActivitySink,
): Unsubscribe {
  let changedSinceStart = false;
  const unsubscribe = bridge.onDeviceActivity((report) => {
    changedSinceStart = true;
    void client.reportDeviceActivity(report);
  });
  bridge.getDeviceActivity().then(
    (current) => {
      // A change reported meanwhile is newer than this snapshot.
      if (!changedSinceStart) void client.reportDeviceActivity(current);
    },
    () => undefined,
  );
  return unsubscribe;
}
