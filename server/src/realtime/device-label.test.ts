import { describe, expect, it } from 'vitest';
import { guessDeviceLabel } from './device-label';

describe('guessDeviceLabel', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Beacon/1.0 Electron/33.0.0',
      'Windows desktop',
    ],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Electron/33.0.0', 'Mac desktop'],
    ['Mozilla/5.0 (X11; Linux x86_64) Electron/33.0.0', 'Linux desktop'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0', 'Web'],
    ['node', 'Unknown device'],
    [undefined, 'Unknown device'],
  ])('%s → %s', (userAgent, label) => {
    expect(guessDeviceLabel(userAgent)).toBe(label);
  });
});
