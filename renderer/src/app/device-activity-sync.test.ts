import type { DeviceActivityPayload } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { syncDeviceActivity } from './device-activity-sync';

function fakeHost(current: DeviceActivityPayload) {
  const listeners = new Set<(report: DeviceActivityPayload) => void>();
  let resolveCurrent: (value: DeviceActivityPayload) => void = () => undefined;
  const pending = new Promise<DeviceActivityPayload>((resolve) => {
    resolveCurrent = resolve;
  });
  return {
    bridge: {
      onDeviceActivity(listener: (report: DeviceActivityPayload) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      getDeviceActivity: () => pending,
    },
    answerCurrent: () => resolveCurrent(current),
    change: (report: DeviceActivityPayload) => {
      for (const listener of listeners) listener(report);
    },
    listenerCount: () => listeners.size,
  };
}

function recorder() {
  const reports: DeviceActivityPayload[] = [];
  return {
    reports,
    reportDeviceActivity: async (report: DeviceActivityPayload) => void reports.push(report),
  };
}

describe('syncDeviceActivity', () => {
  it('reports the current state first, then every change', async () => {
    const host = fakeHost({ state: 'active', label: 'Windows laptop' });
    const client = recorder();
    syncDeviceActivity(host.bridge, client);
    host.answerCurrent();
    await Promise.resolve();
    await Promise.resolve();
    host.change({ state: 'locked', since: 10 });
    expect(client.reports).toEqual([
      { state: 'active', label: 'Windows laptop' },
      { state: 'locked', since: 10 },
    ]);
  });

  it('drops the start-up snapshot when a change arrived before it', async () => {
    const host = fakeHost({ state: 'active' });
    const client = recorder();
    syncDeviceActivity(host.bridge, client);
    host.change({ state: 'idle', since: 5 });
    host.answerCurrent();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(client.reports).toEqual([{ state: 'idle', since: 5 }]);
  });

  it('stops listening when unsubscribed', () => {
    const host = fakeHost({ state: 'active' });
    const stop = syncDeviceActivity(host.bridge, recorder());
    expect(host.listenerCount()).toBe(1);
    stop();
    expect(host.listenerCount()).toBe(0);
  });
});
