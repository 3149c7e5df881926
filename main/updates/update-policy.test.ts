import { describe, expect, it } from 'vitest';
import { decideUpdates, type UpdateContext } from './update-policy';

const base: UpdateContext = {
  isPackaged: true,
  autoUpdate: true,
  autoUpdateLocked: false,
  platform: 'win32',
  appImagePath: undefined,
  hasFeed: true,
};

describe('decideUpdates', () => {
  it('updates a packaged app with a feed', () => {
    expect(decideUpdates(base)).toEqual({ enabled: true });
  });
  it('is off by policy, saying so', () => {
    expect(decideUpdates({ ...base, autoUpdate: false, autoUpdateLocked: true })).toEqual({
      enabled: false,
      reason: 'disabled by administrator policy',
    });
  });
  it('is off by the user setting', () => {
    expect(decideUpdates({ ...base, autoUpdate: false })).toEqual({
      enabled: false,
      reason: 'disabled in settings',
    });
  });
  it('is off in development and without a feed', () => {
    expect(decideUpdates({ ...base, isPackaged: false }).enabled).toBe(false);
    expect(decideUpdates({ ...base, hasFeed: false }).enabled).toBe(false);
  });
  it('on Linux only updates an AppImage', () => {
    expect(decideUpdates({ ...base, platform: 'linux' }).enabled).toBe(false);
    expect(
      decideUpdates({ ...base, platform: 'linux', appImagePath: '/home/a/Beacon.AppImage' }).enabled,
    ).toBe(true);
  });
});
