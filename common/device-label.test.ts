import { deviceActivitySchema } from '@beacon/protocol';
import { describe, expect, it } from 'vitest';
import { deviceLabel } from './device-label';

describe('deviceLabel', () => {
  it.each([
    ['win32', 'Windows'],
    ['darwin', 'Mac'],
    ['linux', 'Linux'],
    ['web', 'Web'],
    ['freebsd', 'Desktop'],
  ])('%s → %s, a label the protocol accepts', (platform, label) => {
    expect(deviceLabel(platform)).toBe(label);
    expect(deviceActivitySchema.safeParse({ state: 'active', label }).success).toBe(true);
  });
});
