import { deviceActivitySchema } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { DeviceActivityReport } from './device-activity';

const T0 = 1_700_000_000_000;
const active = { state: 'active', since: T0 } as const;

describe('DeviceActivityReport', () => {
  it('reports the state, since and label, valid for the protocol', () => {
    const report = new DeviceActivityReport('Windows', active, false);
    expect(report.current).toEqual({ state: 'active', since: T0, label: 'Windows', osFocus: null });
    expect(deviceActivitySchema.parse(report.current)).toEqual(report.current);
  });

  it('answers a new report only when something changed', () => {
    const report = new DeviceActivityReport('Mac', active, false);
    expect(report.setFact(active)).toBeNull();
    expect(report.setFact({ state: 'locked', since: T0 + 1 })).toMatchObject({
      state: 'locked',
      since: T0 + 1,
    });
    expect(report.setFact({ state: 'locked', since: T0 + 1 })).toBeNull();
  });

  it('leaves the OS focus out (null) unless the user asked to follow it', () => {
    const report = new DeviceActivityReport('Windows', active, false);
    expect(report.setOsFocus({ doNotDisturb: true, name: 'Focus Assist' })).toBeNull();
    expect(report.current.osFocus).toBeNull();
    expect(report.setFollowOsFocus(true)).toMatchObject({ osFocus: { name: 'Focus Assist' } });
    expect(report.setFollowOsFocus(false)).toMatchObject({ osFocus: null });
  });

  it('reports the OS focus on and off while following it; unknown is off', () => {
    const report = new DeviceActivityReport('Windows', active, true);
    expect(report.setOsFocus({ doNotDisturb: true, name: 'Do not disturb' })?.osFocus).toEqual({
      name: 'Do not disturb',
    });
    expect(report.setOsFocus({ doNotDisturb: false })?.osFocus).toBeNull();
    expect(report.setOsFocus({ doNotDisturb: true, name: null })?.osFocus).toEqual({
      name: 'Do not disturb',
    });
    expect(report.setOsFocus({ doNotDisturb: null })?.osFocus).toBeNull();
  });
});
