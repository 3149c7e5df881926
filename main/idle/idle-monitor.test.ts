import type { PresenceSetPayload } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { FakePower, FakeScheduler } from '../testing/fakes';
import { IdleMonitor } from './idle-monitor';

function setup(thresholdSeconds = 300) {
  const power = new FakePower();
  const scheduler = new FakeScheduler();
  const requests: PresenceSetPayload[] = [];
  const monitor = new IdleMonitor({
    power,
    scheduler,
    thresholdSeconds,
    pollSeconds: 10,
    onRequest: (request) => {
      requests.push(request);
      monitor.reportPresence(request.status);
    },
  });
  monitor.reportPresence('available');
  monitor.start();
  /** The OS idle time grows with the clock until `activity()`. */
  let lastInput = scheduler.now();
  const run = (ms: number) => {
    const end = scheduler.now() + ms;
    while (scheduler.now() < end) {
      scheduler.advance(1000);
      power.idleSeconds = Math.floor((scheduler.now() - lastInput) / 1000);
    }
  };
  const activity = () => {
    lastInput = scheduler.now();
    power.idleSeconds = 0;
  };
  return { power, scheduler, requests, monitor, run, activity };
}

describe('IdleMonitor', () => {
  it('polls the OS idle time and sets Away within one poll of the threshold', () => {
    const t = setup();
    t.run(299_000);
    expect(t.requests).toEqual([]);
    t.run(11_000);
    expect(t.requests).toEqual([{ status: 'away', auto: true, idleSince: expect.any(Number) }]);
    const idleSince = t.requests[0]?.idleSince ?? 0;
    expect(Math.abs(idleSince - (t.scheduler.now() - t.power.idleSeconds * 1000))).toBeLessThanOrEqual(1000);
  });

  it('restores on the first poll after input', () => {
    const t = setup();
    t.run(6 * 60_000);
    t.activity();
    t.run(10_000);
    expect(t.requests.map((r) => r.status)).toEqual(['away', 'available']);
  });

  it('reacts to power events at once, without waiting for a poll', () => {
    const t = setup();
    t.power.emit('lock-screen');
    expect(t.requests).toEqual([{ status: 'away', auto: true, idleSince: t.scheduler.now() }]);
    t.power.emit('unlock-screen');
    expect(t.requests[1]).toEqual({ status: 'available', auto: true, idleSince: null });
    t.power.emit('suspend');
    t.power.emit('resume');
    expect(t.requests.map((r) => r.status)).toEqual(['away', 'available', 'away', 'available']);
  });

  it('applies a new threshold from settings', () => {
    const t = setup();
    t.monitor.setThresholdSeconds(60);
    t.run(70_000);
    expect(t.requests.map((r) => r.status)).toEqual(['away']);
  });

  it('stops polling and unsubscribes from power events', () => {
    const t = setup();
    expect(t.power.listenerCount()).toBe(4);
    t.monitor.stop();
    expect(t.power.listenerCount()).toBe(0);
    expect(t.scheduler.activeTimers).toBe(0);
    t.run(10 * 60_000);
    expect(t.requests).toEqual([]);
  });
});
