import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../common/bridge-schemas';
import { decideCloseHint } from './close-hint';

const noon = new Date(2026, 11, 1, 12, 0);
const base = {
  alreadyShown: false,
  settings: DEFAULT_SETTINGS,
  status: 'available' as const,
  now: noon,
  platform: 'win32' as const,
};

describe('decideCloseHint', () => {
  it('shows the hint once, naming where Beacon stays', () => {
    const decision = decideCloseHint(base);
    expect(decision).toMatchObject({ show: true, title: 'Beacon is still running' });
    expect(decision.show && decision.body).toContain('notification area');
    expect(decideCloseHint({ ...base, platform: 'darwin' })).toMatchObject({
      body: expect.stringContaining('menu bar'),
    });
    expect(decideCloseHint({ ...base, alreadyShown: true })).toEqual({
      show: false,
      reason: 'already-shown',
    });
  });

  it('stays quiet when notifications are off, in Do not disturb and during quiet hours', () => {
    expect(
      decideCloseHint({ ...base, settings: { ...DEFAULT_SETTINGS, notificationsEnabled: false } }),
    ).toEqual({ show: false, reason: 'notifications-disabled' });
    expect(decideCloseHint({ ...base, status: 'dnd' })).toEqual({ show: false, reason: 'do-not-disturb' });
    const quiet = { ...DEFAULT_SETTINGS, quietHours: { enabled: true, start: '11:00', end: '13:00' } };
    expect(decideCloseHint({ ...base, settings: quiet })).toEqual({ show: false, reason: 'quiet-hours' });
    expect(decideCloseHint({ ...base, settings: quiet, now: new Date(2026, 11, 1, 14, 0) }).show).toBe(true);
  });
});
